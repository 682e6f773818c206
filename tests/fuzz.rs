//! Property tests of the file loaders: arbitrary and mutated input into
//! `Session::from_json_str` and `data::parse_csv` never panics, what is accepted is valid,
//! and hostile sizes are refused without allocating them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::{self, CsvColumns, Dataset, LabeledPoint, Preset, PresetParams};
use nnviz::nn::{Model, ModelConfig, Optimizer};
use nnviz::session::{Session, SessionLossSample};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::LazyLock;

// ---------------------------------------------------------------------------------------
// A counting allocator: measures the peak bytes one thread allocates while a flag is on.

struct Counting;

thread_local! {
    static TRACKING: Cell<bool> = const { Cell::new(false) };
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn add(bytes: isize) {
    let _ = TRACKING.try_with(|t| {
        if t.get() {
            let now = CURRENT.with(|c| {
                c.set(c.get() + bytes);
                c.get()
            });
            PEAK.with(|p| p.set(p.get().max(now)));
        }
    });
}

// SAFETY: every call is passed to the system allocator unchanged; only counters are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(-(layout.size() as isize));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The old and the new block may both exist during the copy.
        add(new_size as isize);
        add(-(layout.size() as isize));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Peak bytes allocated on this thread while running `f`.
fn peak_allocation<R>(f: impl FnOnce() -> R) -> (R, usize) {
    CURRENT.with(|c| c.set(0));
    PEAK.with(|p| p.set(0));
    TRACKING.with(|t| t.set(true));
    let r = f();
    TRACKING.with(|t| t.set(false));
    (r, PEAK.with(|p| p.get()).max(0) as usize)
}

// ---------------------------------------------------------------------------------------
// Valid sessions to start from.

fn tutorial_session() -> Session {
    let d = Dataset::seed();
    let m = Model::new(ModelConfig::tutorial(), &d, 1).unwrap();
    Session::from_model(&m, &d, 1)
}

fn playground_session() -> Session {
    let d = data::generate(
        Preset::Gauss,
        &PresetParams {
            points: 12,
            classes: 3,
            noise: 0.1,
            test_ratio: 0.25,
            seed: 3,
        },
    )
    .unwrap();
    let mut config = ModelConfig::playground();
    config.hidden = vec![3, 2];
    let mut m = Model::new(config, &d, 4).unwrap();
    for _ in 0..3 {
        m.step().unwrap();
    }
    let mut s = Session::from_model(&m, &d, 4);
    s.class_names = vec!["a".into(), "b".into()];
    s.speed = Some(10.0);
    s.view = Some(data::Bounds {
        x_min: -1.0,
        x_max: 1.0,
        y_min: -2.0,
        y_max: 2.0,
    });
    s.push_loss_sample(SessionLossSample {
        step: 0,
        error: 0.5,
        loss: 1.1,
        lr: None,
    });
    s
}

static VALID: LazyLock<Vec<(String, Value)>> = LazyLock::new(|| {
    [tutorial_session(), playground_session()]
        .iter()
        .map(|s| {
            let text = s.to_json_string().unwrap();
            let value = serde_json::from_str(&text).unwrap();
            (text, value)
        })
        .collect()
});

/// What an accepted session must satisfy: it builds a model and writes back as itself.
fn accepted_is_sound(s: &Session) {
    s.to_model().expect("an accepted session builds its model");
    let again = Session::from_json_str(&s.to_json_string().unwrap()).unwrap();
    assert_eq!(&again, s);
}

/// Every JSON pointer in `v` (including the root, "").
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{here}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                pointers(x, format!("{here}/{k}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            json!(0),
            json!(1),
            json!(2),
            json!(-1),
            json!(9),
            json!(64),
            json!(65),
            json!(1e300),
            json!(-0.0),
            json!("test"),
            json!("train"),
            json!("sgd"),
            json!({"kind": "adam"}),
            json!([]),
            json!({}),
        ]),
        "[a-z_]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_0-9]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Index, Value),
    Remove(Index),
    Duplicate(Index),
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), arb_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => any::<Index>().prop_map(Mutation::Remove),
        1 => any::<Index>().prop_map(Mutation::Duplicate),
    ]
}

fn apply(v: &mut Value, m: &Mutation) {
    let mut ptrs = Vec::new();
    pointers(v, String::new(), &mut ptrs);
    match m {
        Mutation::Replace(i, new) => {
            if let Some(slot) = v.pointer_mut(i.get(&ptrs).as_str()) {
                *slot = new.clone();
            }
        }
        Mutation::Remove(i) | Mutation::Duplicate(i) => {
            let ptr = i.get(&ptrs).clone();
            let Some((parent, key)) = ptr.rsplit_once('/') else {
                return;
            };
            let key = key.to_string();
            match v.pointer_mut(parent) {
                Some(Value::Object(o)) => {
                    if matches!(m, Mutation::Remove(_)) {
                        o.remove(&key);
                    }
                }
                Some(Value::Array(a)) => {
                    if let Ok(k) = key.parse::<usize>()
                        && k < a.len()
                    {
                        if matches!(m, Mutation::Remove(_)) {
                            a.remove(k);
                        } else {
                            let x = a[k].clone();
                            a.insert(k, x);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn csv_field() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|f| f.to_string()),
        (-100i64..100).prop_map(|i| i.to_string()),
        prop::sample::select(vec![
            "", "x", "y", "label", "split", "train", "test", "NaN", "inf", "-inf", "1e999", "0",
            "7", "8", "-1", "\"a,b\"", " 3 ", "#",
        ])
        .prop_map(String::from),
        "[a-z0-9.+\\-eE ]{0,10}",
    ]
}

fn csv_text() -> impl Strategy<Value = String> {
    let line = (
        prop::collection::vec(csv_field(), 0..6),
        prop::sample::select(vec![",", ";", "\t", ", "]),
    )
        .prop_map(|(fields, sep)| fields.join(sep));
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

fn csv_is_sound(text: &str) {
    for cols in [
        CsvColumns::default(),
        CsvColumns {
            x: "x".parse().unwrap(),
            y: "y".parse().unwrap(),
            label: "label".parse().unwrap(),
        },
    ] {
        if let Ok(d) = data::parse_csv(text, &cols) {
            assert!(d.num_classes <= data::MAX_CLASSES);
            for p in &d.points {
                assert!(p.pos_in_data.iter().all(|v| v.is_finite()));
                assert!(p.class < d.num_classes.max(1));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(s) = Session::from_json_str(&text) {
            accepted_is_sound(&s);
        }
        csv_is_sound(&text);
    }

    #[test]
    fn byte_edits_of_valid_sessions_never_panic(
        which in 0usize..2,
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0u8..3), 1..6),
        cut in prop::option::of(any::<Index>()),
    ) {
        let mut bytes = VALID[which].0.clone().into_bytes();
        for (at, byte, kind) in &edits {
            let i = at.index(bytes.len() + 1);
            match kind {
                0 if i < bytes.len() => bytes[i] = *byte,
                1 => bytes.insert(i, *byte),
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len() + 1));
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(s) = Session::from_json_str(&text) {
            accepted_is_sound(&s);
        }
    }

    #[test]
    fn structural_edits_of_valid_sessions_never_panic(
        which in 0usize..2,
        mutations in prop::collection::vec(arb_mutation(), 1..4),
    ) {
        let mut v = VALID[which].1.clone();
        for m in &mutations {
            apply(&mut v, m);
        }
        if let Ok(s) = Session::from_json_str(&v.to_string()) {
            accepted_is_sound(&s);
        }
    }

    #[test]
    fn csv_like_text_never_panics(text in csv_text()) {
        csv_is_sound(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn valid_sessions_round_trip_exactly(
        points in prop::collection::vec((-1e6..1e6f64, -1e6..1e6f64, 0usize..3, any::<bool>()), 0..40),
        hidden in prop::collection::vec(1usize..6, 0..3),
        bias in any::<bool>(),
        adam in any::<bool>(),
        lr in 1e-5..1.0f64,
        steps in 0usize..4,
        seed in any::<u64>(),
    ) {
        let dataset = Dataset {
            points: points
                .iter()
                .map(|&(x, y, class, test)| LabeledPoint { pos_in_data: [x, y], class, test })
                .collect(),
            num_classes: 3,
        };
        let mut config = ModelConfig::playground();
        config.hidden = hidden;
        config.bias = bias;
        config.train.optimizer = if adam { Optimizer::ADAM } else { Optimizer::Sgd };
        config.train.learning_rate = lr;
        let mut model = Model::new(config, &dataset, seed).unwrap();
        for _ in 0..steps {
            let _ = model.step();
        }
        let session = Session::from_model(&model, &dataset, seed);
        if !model.mlp().is_finite() {
            // A diverged network is refused rather than written as nulls.
            prop_assert!(session.to_json_string().is_err());
            return Ok(());
        }
        let back = Session::from_json_str(&session.to_json_string().unwrap()).unwrap();
        prop_assert_eq!(&back, &session);
        let restored = back.to_model().unwrap();
        prop_assert_eq!(restored.mlp(), model.mlp());
        prop_assert_eq!(restored.trainer_state(), model.trainer_state());
    }
}

/// Repeats `item` `n` times, comma-separated.
fn many(item: &str, n: usize) -> String {
    let mut s = String::with_capacity((item.len() + 1) * n);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(item);
    }
    s
}

#[test]
fn hostile_sizes_are_refused_without_allocating_them() {
    let bare = r#"{"version":2,"dataset":{"num_classes":2,"points":[]},"model":{},"#;
    let head = format!(r#"{bare}"weights":[[[1,1]],[[1]]],"#);
    let cases = [
        // A million hidden layers, empty optimiser layers, class names, weight matrices and
        // rows: each would take tens to hundreds of megabytes if kept.
        (
            format!(
                r#"{{"version":2,"model":{{"hidden":[{}]}}}}"#,
                many("1", 1_000_000)
            ),
            "1000000 hidden layers",
            1 << 20,
        ),
        (
            format!(
                r#"{head}"trainer_state":{{"layers":[{}]}}}}"#,
                many("{}", 1_000_000)
            ),
            "1000000 optimiser layers",
            1 << 20,
        ),
        (
            format!(r#"{head}"class_names":[{}]}}"#, many(r#""""#, 1_000_000)),
            "1000000 class names",
            1 << 20,
        ),
        (
            format!(r#"{bare}"weights":[{}]}}"#, many("[[]]", 1_000_000)),
            "1000000 weight matrices",
            1 << 20,
        ),
        (
            format!(r#"{bare}"weights":[[{}]]}}"#, many("[]", 1_000_000)),
            "1000000 rows in a weight matrix",
            1 << 20,
        ),
        (
            format!(
                r#"{head}"loss_history":[{}]}}"#,
                many(r#"{"step":0,"error":0,"loss":0}"#, 1_000_000)
            ),
            "1000000 loss samples",
            8 << 20,
        ),
        // Two million points: at most the limit's million are ever kept (32 MB).
        (
            format!(
                r#"{{"version":2,"dataset":{{"num_classes":2,"points":[{}]}}}}"#,
                many("[0,0,0]", 2_000_000)
            ),
            "2000000 points (at most 1000000)",
            80 << 20,
        ),
    ];
    for (text, expected, budget) in &cases {
        let (result, peak) = peak_allocation(|| Session::from_json_str(text));
        let e = result.unwrap_err().to_string();
        eprintln!("{} byte input, peak {peak} bytes: {e}", text.len());
        assert!(e.contains(expected), "expected «{expected}» in «{e}»");
        assert!(
            peak <= *budget,
            "{expected}: peak allocation {peak} bytes for a {} byte input (budget {budget})",
            text.len()
        );
    }
}

/// Issue 10: a 64 MiB CSV file of one row and 67 million empty fields used 1.64 GB. Read
/// from disk, it and a file of a million padded rows stay within 4× their size.
#[test]
fn a_64_mib_csv_file_costs_at_most_4_times_its_size() {
    let dir = std::env::temp_dir().join(format!("nnviz-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let size = data::MAX_FILE_BYTES as usize;
    let commas = ",".repeat(size);
    let mut rows = String::with_capacity(size);
    let pad = " ".repeat(size / 1_000_000 - 12);
    for i in 0..1_000_000 {
        rows.push_str(&format!("{}.5,2.5,{},{pad}\n", i % 10, i % 2));
    }
    let cases = [
        (
            "commas.csv",
            commas,
            Some("line 1: more than 1024 fields in one row"),
        ),
        ("rows.csv", rows, None),
    ];
    for (name, text, refusal) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &text).unwrap();
        let len = text.len();
        drop(text);
        let (result, peak) = peak_allocation(|| data::read_csv_file(&path, &CsvColumns::default()));
        let _ = std::fs::remove_file(&path);
        eprintln!(
            "{name}: {len} bytes, peak {peak} bytes ({:.2}×)",
            peak as f64 / len as f64
        );
        match (refusal, result) {
            (Some(expected), Err(e)) => assert!(e.to_string().contains(expected), "{e}"),
            (None, Ok(import)) => assert_eq!(import.dataset.points.len(), 1_000_000),
            (_, r) => panic!("{name}: {:?}", r.map(|i| i.dataset.points.len())),
        }
        assert!(peak <= 4 * len, "{name}: peak {peak} bytes for {len} bytes");
    }
}

// ---------------------------------------------------------------------------------------
// Issue 10: one mutation fuzz over sessions, weights files and CSV files, with counts.
// 0 panics (a panic fails the run), 0 hangs (the run is timed), 0 accepted invalid files
// (what is accepted is checked), and no refusal in Rust's words.

use nnviz::nn::io::weights_from_json;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Words of Rust, not of the user, that no refusal may contain (outside quoted user text).
const RUST_WORDS: [&str; 7] = ["f64", "u64", "usize", "struct ", "variant", "Wire", "enum "];

/// Fails when `message` speaks Rust (see [`rust_word`]); a refusal is one line.
fn worded_for_users(message: &str) {
    if let Some(w) = rust_word(message) {
        panic!("«{w}» in the refusal «{message}»");
    }
    assert_eq!(message.lines().count(), 1, "{message}");
}

/// The first of [`RUST_WORDS`] in `message`, outside quoted parts (the file's own text).
fn rust_word(message: &str) -> Option<&'static str> {
    let mut plain = String::new();
    let mut quote = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '«' => {
                quote = Some(if c == '«' { '»' } else { c })
            }
            None => plain.push(c),
        }
    }
    RUST_WORDS.into_iter().find(|w| plain.contains(w))
}

/// Object-key paths of `v` (array indices included), for comparing what was read with
/// what is written back.
fn key_paths(v: &Value, here: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                key_paths(x, &format!("{here}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let p = format!("{here}/{k}");
                out.insert(p.clone());
                key_paths(x, &p, out);
            }
        }
        _ => {}
    }
}

/// An accepted version-3 session must have had exactly the fields it writes back: no
/// field dropped, none invented (the two lists left out when empty and the weights' form
/// aside).
fn strictly_accepted(text: &str, s: &Session) {
    accepted_is_sound(s);
    let Ok(read) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) else {
        return;
    };
    if read.get("version") != Some(&json!(3)) {
        return;
    }
    let written: Value = serde_json::from_str(&s.to_json_string().unwrap()).unwrap();
    // Left out: what save itself may leave out. A layer's `t` is written only when it differs
    // from `steps`, so a file that states `t = steps` is valid and comes back without it.
    let keep = |p: &String| {
        !(p.starts_with("/weights")
            || p == "/class_names"
            || p == "/test_loss_history"
            || p.starts_with("/dataset/points")
            || (p.starts_with("/trainer_state/layers/") && p.ends_with("/t")))
    };
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    key_paths(&read, "", &mut a);
    key_paths(&written, "", &mut b);
    let a: BTreeSet<_> = a.into_iter().filter(keep).collect();
    let b: BTreeSet<_> = b.into_iter().filter(keep).collect();
    assert_eq!(
        a, b,
        "a version-3 session was accepted with other fields than it has"
    );
}

static VALID_WEIGHTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    VALID
        .iter()
        .map(|(_, v)| v["weights"].to_string())
        .chain([std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/seed_initial_weights.json"
        ))
        .unwrap()])
        .collect()
});

static VALID_CSV: LazyLock<Vec<String>> = LazyLock::new(|| {
    [tutorial_session(), playground_session()]
        .iter()
        .map(|s| data::to_csv(&s.dataset))
        .chain(["\u{feff}x;y;label\n1;2;red\n# note\n\n3;4;blue\n".to_string()])
        .collect()
});

#[derive(Default)]
struct Tally {
    cases: AtomicUsize,
    accepted: AtomicUsize,
}

impl Tally {
    fn count(&self, accepted: bool) {
        self.cases.fetch_add(1, Ordering::Relaxed);
        if accepted {
            self.accepted.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn check_session(text: &str, tally: &Tally) {
    match Session::from_json_str(text) {
        Ok(s) => {
            strictly_accepted(text, &s);
            tally.count(true);
        }
        Err(e) => {
            worded_for_users(&e.to_string());
            tally.count(false);
        }
    }
}

fn check_weights(text: &str, tally: &Tally) {
    match weights_from_json(text) {
        Ok(layers) => {
            assert!(!layers.is_empty() && layers.len() <= 9);
            for (w, b) in &layers {
                assert!(w.nrows() >= 1 && w.nrows() <= 64 && w.ncols() >= 1 && w.ncols() <= 64);
                assert!(w.iter().all(|x| x.is_finite()));
                if let Some(b) = b {
                    assert!(b.len() <= 64 && b.iter().all(|x| x.is_finite()));
                }
            }
            tally.count(true);
        }
        Err(e) => {
            worded_for_users(&e.to_string());
            tally.count(false);
        }
    }
}

fn check_csv(text: &str, tally: &Tally) {
    csv_is_sound(text);
    match data::parse_csv(text, &CsvColumns::default()) {
        Ok(_) => tally.count(true),
        Err(e) => {
            worded_for_users(&e.to_string());
            tally.count(false);
        }
    }
}

/// Byte edits (replace, insert, delete) and an optional cut.
fn byte_edits() -> impl Strategy<Value = (Vec<(Index, u8, u8)>, Option<Index>)> {
    (
        prop::collection::vec((any::<Index>(), any::<u8>(), 0u8..3), 1..6),
        prop::option::of(any::<Index>()),
    )
}

fn edit_bytes(text: &str, (edits, cut): &(Vec<(Index, u8, u8)>, Option<Index>)) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (at, byte, kind) in edits {
        let i = at.index(bytes.len() + 1);
        match kind {
            0 if i < bytes.len() => bytes[i] = *byte,
            1 => bytes.insert(i, *byte),
            _ if i < bytes.len() => {
                bytes.remove(i);
            }
            _ => {}
        }
    }
    if let Some(c) = cut {
        bytes.truncate(c.index(bytes.len() + 1));
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value)) {
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    runner
        .run(&strategy, |v| {
            test(v);
            Ok(())
        })
        .unwrap();
}

/// Runs every family `scale` × its normal number of cases (5,400 in all at scale 1) and
/// prints the figures.
fn fuzz_all(scale: u32) {
    let start = std::time::Instant::now();
    let [sessions, weights, csvs] = [(); 3].map(|_| Tally::default());
    run(1000 * scale, (0usize..2, byte_edits()), |(w, e)| {
        check_session(&edit_bytes(&VALID[w].0, &e), &sessions)
    });
    run(
        1000 * scale,
        (0usize..2, prop::collection::vec(arb_mutation(), 1..4)),
        |(w, ms)| {
            let mut v = VALID[w].1.clone();
            for m in &ms {
                apply(&mut v, m);
            }
            check_session(&v.to_string(), &sessions);
        },
    );
    run(
        400 * scale,
        prop::collection::vec(any::<u8>(), 0..512),
        |b| {
            let text = String::from_utf8_lossy(&b);
            check_session(&text, &sessions);
            check_weights(&text, &weights);
            check_csv(&text, &csvs);
        },
    );
    run(800 * scale, (0usize..3, byte_edits()), |(w, e)| {
        check_weights(&edit_bytes(&VALID_WEIGHTS[w], &e), &weights)
    });
    run(
        800 * scale,
        (0usize..3, prop::collection::vec(arb_mutation(), 1..4)),
        |(w, ms)| {
            let mut v: Value = serde_json::from_str(&VALID_WEIGHTS[w]).unwrap();
            for m in &ms {
                apply(&mut v, m);
            }
            check_weights(&v.to_string(), &weights);
        },
    );
    run(700 * scale, (0usize..3, byte_edits()), |(w, e)| {
        check_csv(&edit_bytes(&VALID_CSV[w], &e), &csvs)
    });
    run(700 * scale, csv_text(), |t| check_csv(&t, &csvs));
    let elapsed = start.elapsed();
    let mut total = 0;
    for (name, t) in [
        ("sessions", &sessions),
        ("weights", &weights),
        ("CSV", &csvs),
    ] {
        let (n, ok) = (
            t.cases.load(Ordering::Relaxed),
            t.accepted.load(Ordering::Relaxed),
        );
        total += n;
        eprintln!(
            "{name}: {n} cases, {ok} accepted (checked sound), {} refused in the user's words",
            n - ok
        );
    }
    eprintln!("{total} cases in {elapsed:.1?}: 0 panics");
    assert!(total >= 5000 * scale as usize);
}

#[test]
fn mutation_fuzz_of_sessions_weights_and_csvs() {
    // The check itself catches what it is meant to.
    for rust in [
        "invalid type: string \"x\", expected f64",
        "expected struct ModelWire",
    ] {
        assert!(rust_word(rust).is_some(), "{rust}");
    }
    worded_for_users("model: unknown field \"f64\" (expected one of: hidden)");
    fuzz_all(1);
}

/// The long run: `cargo test --test fuzz -- --ignored` (≥ 100,000 cases).
#[test]
#[ignore]
fn mutation_fuzz_long() {
    fuzz_all(20);
}
