//! Integration tests for `nnviz::data`: preset generators and CSV import/export.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::{
    Column, CsvColumns, DataError, Dataset, LabeledPoint, MAX_CLASSES, Preset, PresetParams,
    generate, parse_csv, parse_csv_with_names, read_csv_file, split_test, to_csv,
};
use nnviz::session::MAX_FILE_BYTES;

fn params(points: usize, classes: usize, noise: f64, test_ratio: f64) -> PresetParams {
    PresetParams {
        points,
        classes,
        noise,
        test_ratio,
        seed: 12345,
    }
}

/// Every (preset, class count) combination the presets claim to support.
fn supported() -> Vec<(Preset, usize)> {
    Preset::ALL
        .into_iter()
        .filter(|&p| p != Preset::Seed)
        .flat_map(|p| p.class_range().map(move |k| (p, k)))
        .collect()
}

fn expected_test_count(points: usize, ratio: f64) -> usize {
    (points as f64 * ratio).round() as usize
}

// ---------------------------------------------------------------- presets

#[test]
fn supported_class_ranges() {
    assert_eq!(Preset::Xor.class_range(), 2..=2);
    assert_eq!(Preset::Moons.class_range(), 2..=2);
    for p in [
        Preset::Circle,
        Preset::Gauss,
        Preset::Spiral,
        Preset::Checkerboard,
    ] {
        assert_eq!(p.class_range(), 2..=MAX_CLASSES, "{p}");
    }
}

#[test]
fn seed_preset_is_the_tutorial_points_whatever_the_params() {
    let ds = generate(Preset::Seed, &params(999, 5, 0.4, 0.5)).unwrap();
    assert_eq!(ds, Dataset::seed());
    assert_eq!(ds.points.len(), 8);
    assert_eq!(ds.points[7], LabeledPoint::new(4.0, -1.0, 0));
    assert!(ds.points.iter().all(|p| !p.test));
}

#[test]
fn every_generator_makes_exact_counts_balanced_classes_and_test_split() {
    for (preset, k) in supported() {
        for (n, ratio) in [(200, 0.3), (101, 0.5), (7, 0.0), (1000, 0.9), (1, 0.3)] {
            let ds = generate(preset, &params(n, k, 0.2, ratio)).unwrap();
            let ctx = format!("{preset} k={k} n={n} ratio={ratio}");
            assert_eq!(ds.points.len(), n, "{ctx}");
            assert_eq!(ds.num_classes, k, "{ctx}");
            assert!(ds.points.iter().all(|p| p.class < k), "{ctx}");
            assert!(
                ds.points
                    .iter()
                    .all(|p| p.pos_in_data.iter().all(|v| v.is_finite())),
                "{ctx}"
            );

            let counts = ds.class_counts();
            let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            assert!(max - min <= 1, "{ctx}: unbalanced {counts:?}");

            let want_test = expected_test_count(n, ratio);
            assert_eq!(ds.test_points().count(), want_test, "{ctx}");
            // Stratified: each class's share is its proportional share rounded up or down.
            for (c, &in_class) in counts.iter().enumerate() {
                let test = ds.test_points().filter(|p| p.class == c).count();
                let exact = in_class as f64 * want_test as f64 / n as f64;
                assert!(
                    (test as f64 - exact).abs() < 1.0,
                    "{ctx}: class {c} has {test} test points, proportional share {exact}"
                );
            }
        }
    }
}

#[test]
fn generators_are_deterministic_per_seed() {
    for (preset, k) in supported() {
        let p = params(150, k, 0.1, 0.3);
        let a = generate(preset, &p).unwrap();
        let b = generate(preset, &p).unwrap();
        assert_eq!(a, b, "{preset} k={k}: same seed must give the same data");
        let c = generate(preset, &PresetParams { seed: 54321, ..p }).unwrap();
        assert_ne!(
            a.points.iter().map(|p| p.pos_in_data).collect::<Vec<_>>(),
            c.points.iter().map(|p| p.pos_in_data).collect::<Vec<_>>(),
            "{preset} k={k}: another seed must move the points"
        );
    }
}

#[test]
fn points_stay_in_the_playground_square() {
    for (preset, k) in supported() {
        let ds = generate(preset, &params(500, k, 0.0, 0.0)).unwrap();
        let b = ds.bounds().unwrap();
        assert!(
            b.x_min >= -6.5 && b.x_max <= 6.5 && b.y_min >= -6.5 && b.y_max <= 6.5,
            "{preset} k={k}: {b:?}"
        );
        // …and actually use it (not collapsed to a corner).
        assert!(b.width() > 6.0 && b.height() > 4.0, "{preset} k={k}: {b:?}");
    }
}

#[test]
fn clean_xor_has_no_wrong_sign_and_keeps_off_the_axes() {
    let ds = generate(Preset::Xor, &params(1000, 2, 0.0, 0.0)).unwrap();
    for p in &ds.points {
        let [x, y] = p.pos_in_data;
        let want = if x * y > 0.0 { 0 } else { 1 };
        assert_eq!(p.class, want, "({x}, {y})");
        assert!(
            x.abs() >= 0.3 && y.abs() >= 0.3,
            "({x}, {y}) too close to an axis"
        );
    }
    // All four quadrants are used.
    for (sx, sy) in [(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)] {
        assert!(
            ds.points
                .iter()
                .any(|p| p.pos_in_data[0] * sx > 0.0 && p.pos_in_data[1] * sy > 0.0)
        );
    }
}

#[test]
fn noisy_xor_has_some_wrong_signs() {
    let ds = generate(Preset::Xor, &params(1000, 2, 0.5, 0.0)).unwrap();
    let wrong = ds
        .points
        .iter()
        .filter(|p| (p.pos_in_data[0] * p.pos_in_data[1] > 0.0) != (p.class == 0))
        .count();
    assert!(wrong > 20, "only {wrong} points crossed with noise 0.5");
}

#[test]
fn clean_circle_bands_do_not_overlap() {
    for k in 2..=MAX_CLASSES {
        let ds = generate(Preset::Circle, &params(800, k, 0.0, 0.0)).unwrap();
        let radius = |p: &LabeledPoint| p.pos_in_data[0].hypot(p.pos_in_data[1]);
        let mut lo = vec![f64::INFINITY; k];
        let mut hi = vec![0.0_f64; k];
        for p in &ds.points {
            lo[p.class] = lo[p.class].min(radius(p));
            hi[p.class] = hi[p.class].max(radius(p));
        }
        for c in 1..k {
            assert!(
                hi[c - 1] < lo[c],
                "k={k}: class {} reaches r={} but class {c} starts at r={}",
                c - 1,
                hi[c - 1],
                lo[c]
            );
        }
    }
}

#[test]
fn clean_gauss_blobs_are_separable_by_nearest_mean() {
    for k in 2..=MAX_CLASSES {
        let ds = generate(Preset::Gauss, &params(800, k, 0.0, 0.0)).unwrap();
        let mut means = vec![[0.0; 2]; k];
        for (c, mean) in means.iter_mut().enumerate() {
            let members: Vec<_> = ds.points.iter().filter(|p| p.class == c).collect();
            for p in &members {
                mean[0] += p.pos_in_data[0] / members.len() as f64;
                mean[1] += p.pos_in_data[1] / members.len() as f64;
            }
        }
        for p in &ds.points {
            let d = |m: &[f64; 2]| (p.pos_in_data[0] - m[0]).hypot(p.pos_in_data[1] - m[1]);
            let nearest = (0..k)
                .min_by(|&a, &b| d(&means[a]).total_cmp(&d(&means[b])))
                .unwrap();
            assert_eq!(nearest, p.class, "k={k}: {:?}", p.pos_in_data);
        }
    }
}

#[test]
fn gauss_noise_widens_the_blobs() {
    let spread = |noise| {
        let ds = generate(Preset::Gauss, &params(400, 2, noise, 0.0)).unwrap();
        let c0: Vec<_> = ds.points.iter().filter(|p| p.class == 0).collect();
        let mx = c0.iter().map(|p| p.pos_in_data[0]).sum::<f64>() / c0.len() as f64;
        (c0.iter()
            .map(|p| (p.pos_in_data[0] - mx).powi(2))
            .sum::<f64>()
            / c0.len() as f64)
            .sqrt()
    };
    let (clean, noisy) = (spread(0.0), spread(0.5));
    assert!(clean > 0.2 && clean < 0.6, "clean spread {clean}");
    assert!(noisy > 3.0 * clean, "noisy spread {noisy} vs clean {clean}");
}

#[test]
fn clean_checkerboard_points_sit_in_their_cells() {
    for k in 2..=MAX_CLASSES {
        let ds = generate(Preset::Checkerboard, &params(1000, k, 0.0, 0.0)).unwrap();
        let n = k.max(4);
        let cell = 12.0 / n as f64;
        for p in &ds.points {
            let [x, y] = p.pos_in_data;
            let i = ((x + 6.0) / cell).floor() as usize;
            let j = ((y + 6.0) / cell).floor() as usize;
            assert!(i < n && j < n, "k={k}: ({x}, {y}) off the board");
            assert_eq!((i + j) % k, p.class, "k={k}: ({x}, {y})");
        }
    }
    // The classic 2-class board alternates: neighbouring cells differ.
    let ds = generate(Preset::Checkerboard, &params(400, 2, 0.0, 0.0)).unwrap();
    let class_at = |x: f64, y: f64| {
        ds.points
            .iter()
            .find(|p| (p.pos_in_data[0] - x).abs() < 1.5 && (p.pos_in_data[1] - y).abs() < 1.5)
            .map(|p| p.class)
    };
    assert_ne!(class_at(-4.5, -4.5), class_at(-1.5, -4.5));
    assert_eq!(class_at(-4.5, -4.5), class_at(-1.5, -1.5));
}

#[test]
fn clean_moons_upper_moon_is_class_zero() {
    let ds = generate(Preset::Moons, &params(400, 2, 0.0, 0.0)).unwrap();
    // Class 0 is the upper arc (centre (-1.75, -0.875) in data space, y above it);
    // class 1 the lower arc (centre (1.75, 0.875), y below it).
    for p in &ds.points {
        let [x, y] = p.pos_in_data;
        if p.class == 0 {
            assert!(y >= -0.875 - 1e-9 && ((x + 1.75).hypot(y + 0.875) - 3.5).abs() < 1e-9);
        } else {
            assert!(y <= 0.875 + 1e-9 && ((x - 1.75).hypot(y - 0.875) - 3.5).abs() < 1e-9);
        }
    }
}

#[test]
fn invalid_params_are_errors_not_panics() {
    let bad = [
        params(0, 2, 0.1, 0.3),
        params(100_001, 2, 0.1, 0.3),
        params(10, 9, 0.1, 0.3),
        params(10, 2, 0.51, 0.3),
        params(10, 2, f64::INFINITY, 0.3),
        params(10, 2, 0.1, 0.91),
        params(10, 2, 0.1, f64::NAN),
    ];
    for p in bad {
        assert!(
            matches!(
                generate(Preset::Spiral, &p),
                Err(DataError::InvalidParam { .. })
            ),
            "{p:?}"
        );
    }
    let err = generate(Preset::Moons, &params(10, 4, 0.1, 0.3)).unwrap_err();
    assert_eq!(err.to_string(), "preset 'moons' supports 2 classes, got 4");
}

#[test]
fn split_test_resplits_a_dataset() {
    let mut ds = generate(Preset::Circle, &params(100, 2, 0.1, 0.0)).unwrap();
    let before = ds.clone();
    split_test(&mut ds, 0.25, 9).unwrap();
    assert_eq!(ds.test_points().count(), 25);
    assert_eq!(
        (0..2)
            .map(|c| ds.test_points().filter(|p| p.class == c).count())
            .collect::<Vec<_>>(),
        [13, 12]
    );
    // Only the flags change.
    for (a, b) in before.points.iter().zip(&ds.points) {
        assert_eq!((a.pos_in_data, a.class), (b.pos_in_data, b.class));
    }
    let mut other = before.clone();
    split_test(&mut other, 0.25, 10).unwrap();
    assert_ne!(ds, other, "another seed picks other test points");
    assert!(split_test(&mut other, 0.95, 1).is_err());
}

#[test]
fn preset_parsing_and_params_serde() {
    assert_eq!(
        "checkerboard".parse::<Preset>().unwrap(),
        Preset::Checkerboard
    );
    assert_eq!("XOR".parse::<Preset>().unwrap(), Preset::Xor);
    let err = "ring".parse::<Preset>().unwrap_err().to_string();
    assert!(err.contains("'ring'") && err.contains("spiral, moons, checkerboard"));

    let p = PresetParams {
        points: 321,
        classes: 3,
        noise: 0.25,
        test_ratio: 0.5,
        seed: 99,
    };
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<PresetParams>(&json).unwrap(), p);
    let d: PresetParams = serde_json::from_str("{}").unwrap();
    assert_eq!(d, PresetParams::default());
    assert!(generate(Preset::Spiral, &d).is_ok());
}

// ---------------------------------------------------------------- CSV

fn by(x: &str, y: &str, label: &str) -> CsvColumns {
    CsvColumns {
        x: x.parse().unwrap(),
        y: y.parse().unwrap(),
        label: label.parse().unwrap(),
    }
}

fn positions(ds: &Dataset) -> Vec<([f64; 2], usize)> {
    ds.points.iter().map(|p| (p.pos_in_data, p.class)).collect()
}

#[test]
fn csv_without_header() {
    let ds = parse_csv("3,1,0\n2,5,1\n-1.5,2e1,1\n", &CsvColumns::default()).unwrap();
    assert_eq!(
        positions(&ds),
        [([3.0, 1.0], 0), ([2.0, 5.0], 1), ([-1.5, 20.0], 1)]
    );
    assert_eq!(ds.num_classes, 2);
    assert!(ds.points.iter().all(|p| !p.test));
}

#[test]
fn csv_with_header_is_skipped() {
    let ds = parse_csv("x,y,class\n3,1,0\n2,5,1\n", &CsvColumns::default()).unwrap();
    assert_eq!(positions(&ds), [([3.0, 1.0], 0), ([2.0, 5.0], 1)]);
}

#[test]
fn csv_columns_by_name_and_by_index() {
    let text = "id, \"label\" ,height,width\n1,b,10,20\n2,a,30,40\n";
    let named = parse_csv(text, &by("width", "height", "label")).unwrap();
    assert_eq!(positions(&named), [([20.0, 10.0], 0), ([40.0, 30.0], 1)]);
    let indexed = parse_csv(text, &by("3", "2", "1")).unwrap();
    assert_eq!(indexed, named);
    let mixed = parse_csv(text, &by("width", "2", "1")).unwrap();
    assert_eq!(mixed, named);

    let err = parse_csv(text, &by("width", "height", "kind"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "label column 'kind' not found; columns are: id, label, height, width"
    );
}

#[test]
fn csv_string_labels_in_order_of_first_appearance() {
    let text = "# fruit\n\n1,1,pear\n2,2,apple\n3,3,pear\n4,4,fig\n";
    let import = parse_csv_with_names(text, &CsvColumns::default()).unwrap();
    assert_eq!(import.class_names, ["pear", "apple", "fig"]);
    let classes: Vec<_> = import.dataset.points.iter().map(|p| p.class).collect();
    assert_eq!(classes, [0, 1, 0, 2]);
    assert_eq!(import.dataset.num_classes, 3);
}

#[test]
fn csv_numeric_labels_keep_their_number() {
    let import = parse_csv_with_names("0,0,1\n1,1,3\n2,2,1.0\n", &CsvColumns::default()).unwrap();
    let classes: Vec<_> = import.dataset.points.iter().map(|p| p.class).collect();
    assert_eq!(classes, [1, 3, 1]);
    assert_eq!(import.dataset.num_classes, 4);
    assert_eq!(import.class_names, ["0", "1", "2", "3"]);

    // A label of 8 or more makes every label a name.
    let ds = parse_csv("0,0,1\n1,1,9\n", &CsvColumns::default()).unwrap();
    assert_eq!(ds.points[0].class, 0);
    assert_eq!(ds.points[1].class, 1);
}

#[test]
fn csv_semicolon_and_tab_separators() {
    let semi = parse_csv("x;y;c\n1.5;2;a\n", &CsvColumns::default()).unwrap();
    let tab = parse_csv("x\ty\tc\n1.5\t2\ta\n", &CsvColumns::default()).unwrap();
    assert_eq!(positions(&semi), [([1.5, 2.0], 0)]);
    assert_eq!(semi, tab);
}

#[test]
fn csv_bad_number_is_reported_with_its_line() {
    let text = "x,y,c\n# comment\n1,2,0\n\n3,4,1\n5,6,0\n7,abc,1\n";
    let err = parse_csv(text, &CsvColumns::default()).unwrap_err();
    assert!(
        matches!(err, DataError::BadNumber { line: 7, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "line 7: cannot parse 'abc' as a number in column y"
    );
}

#[test]
fn csv_non_finite_coordinates_are_refused() {
    for (text, line) in [
        ("1,2,0\nNaN,1,1\n", 2),
        ("x,y,c\n1,2,0\n3,4,1\n1,inf,1\n", 4),
        ("-infinity,0,0\n", 1),
    ] {
        let err = parse_csv(text, &CsvColumns::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("non-finite coordinate on line {line}")
        );
    }
}

#[test]
fn csv_without_points_is_refused() {
    for text in [
        "",
        "\n\n",
        "# only a comment\n",
        "x,y,label\n",
        "x,y,label\n# c\n\n",
    ] {
        let err = parse_csv(text, &CsvColumns::default()).unwrap_err();
        assert!(matches!(err, DataError::NoPoints), "{text:?}: {err:?}");
        assert_eq!(err.to_string(), "no points in file");
    }
}

#[test]
fn csv_round_trip_is_exact() {
    for (preset, k) in [(Preset::Spiral, 5), (Preset::Moons, 2), (Preset::Gauss, 8)] {
        let ds = generate(preset, &params(300, k, 0.3, 0.4)).unwrap();
        let text = to_csv(&ds);
        assert!(text.starts_with("x,y,label,split\n"));
        assert_eq!(text.lines().count(), 301);
        let back = parse_csv(&text, &CsvColumns::default()).unwrap();
        assert_eq!(back, ds, "{preset}");
    }
    // Awkward floats survive too.
    let ds = Dataset {
        points: vec![
            LabeledPoint::new(0.1 + 0.2, -1e-300, 0),
            LabeledPoint::new(f64::MAX, f64::MIN_POSITIVE, 1),
            LabeledPoint {
                pos_in_data: [1.0 / 3.0, -0.0],
                class: 1,
                test: true,
                value: 0.0,
            },
        ],
        num_classes: 2,
        problem: nnviz::data::Problem::Classification,
    };
    let back = parse_csv(&to_csv(&ds), &CsvColumns::default()).unwrap();
    assert_eq!(back, ds);
    for (a, b) in ds.points.iter().zip(&back.points) {
        assert_eq!(a.pos_in_data[0].to_bits(), b.pos_in_data[0].to_bits());
        assert_eq!(a.pos_in_data[1].to_bits(), b.pos_in_data[1].to_bits());
    }
}

#[test]
fn csv_file_errors_name_the_path() {
    let dir = std::env::temp_dir().join(format!("nnviz-data-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let missing = dir.join("missing.csv");
    let err = read_csv_file(&missing, &CsvColumns::default()).unwrap_err();
    assert!(matches!(err, DataError::Io { .. }));
    assert!(
        err.to_string()
            .starts_with(&format!("cannot read '{}': ", missing.display())),
        "{err}"
    );

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "1,2,0\n3,x,1\n").unwrap();
    let err = read_csv_file(&bad, &CsvColumns::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: line 2: cannot parse 'x' as a number in column y",
            bad.display()
        )
    );

    let good = dir.join("good.csv");
    let ds = generate(Preset::Circle, &params(50, 3, 0.1, 0.2)).unwrap();
    std::fs::write(&good, to_csv(&ds)).unwrap();
    let import = read_csv_file(&good, &CsvColumns::default()).unwrap();
    assert_eq!(import.dataset, ds);
    assert_eq!(import.class_names, ["0", "1", "2"]);

    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_csv_file_over_the_size_limit_is_refused_before_reading() {
    let dir = std::env::temp_dir().join(format!("nnviz-data-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.csv");
    // Sparse: no disk space and, if the size were not checked first, 64 MiB of NULs to read.
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let err = read_csv_file(&big, &CsvColumns::default()).unwrap_err();
    assert!(
        matches!(err, DataError::TooLarge { size, max, .. }
            if size == MAX_FILE_BYTES + 1 && max == MAX_FILE_BYTES),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "'{}' is 67108865 bytes; files of at most 67108864 bytes (64 MiB) can be read",
            big.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn column_parsing() {
    assert_eq!("2".parse::<Column>().unwrap(), Column::Index(2));
    assert_eq!(
        "sepal".parse::<Column>().unwrap(),
        Column::Name("sepal".into())
    );
    assert_eq!(CsvColumns::default(), by("0", "1", "2"));
}
