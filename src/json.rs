//! Reading JSON files safely and explaining what is wrong with them in the user's terms.
//!
//! - [`Limited`]: a list read with a bound on its length, so that a hostile file cannot make
//!   a loader allocate more than its limits allow.
//! - [`describe`]: turns a `serde_json` error into a message that names the place (a JSON
//!   path such as `model.train.optimizer.beta` or `weights[2]`, and the line and column),
//!   what was expected and what was found, in words ("a number", "a list", "one of sgd,
//!   momentum, adam") instead of Rust's type names.

use crate::tr;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Starts the message of a limit error, so that it can be told apart from type errors.
pub(crate) const LIMIT_TAG: &str = "[limit] ";

/// A list of at most `max` elements, each read with `seed`.
#[derive(Clone, Copy)]
pub(crate) struct Limited<S> {
    pub(crate) seed: S,
    pub(crate) max: usize,
    pub(crate) what: &'static str,
}

/// A [`Limited`] list of plain values.
pub(crate) fn limited<T>(max: usize, what: &'static str) -> Limited<PhantomData<T>> {
    Limited {
        seed: PhantomData,
        max,
        what,
    }
}

impl<'de, S: DeserializeSeed<'de> + Clone> DeserializeSeed<'de> for Limited<S> {
    type Value = Vec<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Clone> Visitor<'de> for Limited<S> {
    type Value = Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of at most {} {}", self.max, self.what)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Grow as elements arrive: the size hint of a hostile input is not trusted.
        let mut out = Vec::new();
        while out.len() < self.max {
            match seq.next_element_seed(self.seed.clone())? {
                Some(v) => out.push(v),
                None => return Ok(out),
            }
        }
        // At the limit: count the rest without keeping it, to say how many there were.
        let mut n = out.len();
        while seq.next_element::<IgnoredAny>()?.is_some() {
            n += 1;
        }
        if n > self.max {
            return Err(de::Error::custom(format_args!(
                "{LIMIT_TAG}{n} {} (at most {})",
                self.what, self.max
            )));
        }
        Ok(out)
    }
}

/// Reads `null` as `None`, anything else with `seed`.
#[derive(Clone, Copy)]
pub(crate) struct NullOr<S>(pub(crate) S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for NullOr<S> {
    type Value = Option<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for NullOr<S> {
    type Value = Option<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("null or a list")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}

/// Strips a UTF-8 byte-order mark, which editors and spreadsheet exports put at the start.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

// ---------------------------------------------------------------------------------------
// Messages.

/// What kind of problem a JSON error is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The text ends in the middle of the document.
    Truncated,
    /// Not JSON.
    Syntax,
    /// JSON, but not of the expected shape or values.
    Shape,
    /// A list longer than its limit.
    Limit,
}

/// Explains `e`, an error of reading `text`: the kind of problem and a one-line message
/// with the JSON path of the place (`root` names a top-level list, e.g. `weights`), what
/// was expected and what was found, and the line and column.
pub(crate) fn describe(e: &serde_json::Error, text: &str, root: &str) -> (Problem, String) {
    let raw = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = raw.strip_suffix(&suffix).unwrap_or(&raw);
    let place = if e.line() == 0 {
        String::new()
    } else {
        let (line, column) = (e.line(), e.column());
        tr!("json-place", line = line, column = column)
    };
    let (path, key) = path_at(text, e.line(), e.column());
    let path = match path.chars().next() {
        Some('[') | None if !root.is_empty() => format!("{root}{path}"),
        _ => path,
    };
    let at = if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    };
    if let Some(rest) = msg.strip_prefix(LIMIT_TAG) {
        return (Problem::Limit, one_line(format!("{at}{rest}{place}")));
    }
    let problem = match e.classify() {
        serde_json::error::Category::Eof => Problem::Truncated,
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => Problem::Syntax,
        serde_json::error::Category::Data => Problem::Shape,
    };
    let words = match problem {
        Problem::Truncated => tr!("json-truncated"),
        _ => reword(msg, key.as_deref()),
    };
    (problem, one_line(format!("{at}{words}{place}")))
}

/// The message on one line: control characters that the file's own text brought in (a
/// key with a newline in it, say) are written as escapes (`\n`).
fn one_line(s: String) -> String {
    if !s.chars().any(char::is_control) {
        return s;
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The choices of the settings that are names, by their key.
fn choices(key: &str) -> Option<String> {
    let one_of = |names: &str| tr!("json-one-of", names = names);
    Some(match key {
        "activation" => one_of("sigmoid, tanh, relu, leaky_relu, linear"),
        "init" => one_of("uniform, xavier, he"),
        "loss" => one_of("tutorial_sse, mse, binary_cross_entropy, softmax_cross_entropy"),
        "update_order" => one_of("tutorial, textbook"),
        "kind" | "optimizer" => one_of("sgd, momentum, adam, rms_prop, nesterov"),
        "features" => one_of("x, y, x_squared, y_squared, x_times_y, sin_x, sin_y"),
        "points" => tr!("json-train-or-test"),
        _ => return None,
    })
}

/// The user's words for what serde calls `expected`.
fn expected_words(exp: &str, key: Option<&str>) -> String {
    let exp = exp.trim();
    let t = exp.trim_start_matches("a ").trim_start_matches("an ");
    match t {
        "f64" | "f32" => tr!("json-a-number"),
        "u64" | "u32" | "u16" | "u8" | "usize" => tr!("json-a-whole-number-0"),
        "i64" | "i32" | "i16" | "i8" | "isize" => tr!("json-a-whole-number"),
        "boolean" | "bool" => tr!("json-true-or-false"),
        "string" => tr!("json-a-text"),
        "sequence" => tr!("json-a-list"),
        "map" => tr!("json-an-object"),
        "option" => tr!("json-a-value-or-null"),
        "unit" => "null".into(),
        "variant identifier" | "field identifier" => {
            key.and_then(choices).unwrap_or_else(|| tr!("json-a-name"))
        }
        _ if t.starts_with("struct ") || t.starts_with("tuple struct") => tr!("json-an-object"),
        _ if t.contains("tagged enum") => tr!("json-an-optimizer-object"),
        _ if t.starts_with("tuple of size ") => {
            tr!(
                "json-a-list-of",
                count = t.trim_start_matches("tuple of size ")
            )
        }
        _ if t.starts_with("one of ") => tr!("json-one-of", names = names(&t[7..])),
        _ => exp.into(),
    }
}

/// `` `a`, `b` `` as `a, b`.
fn names(list: &str) -> String {
    list.replace('`', "")
}

/// The user's words for what serde calls `unexpected`.
fn found_words(found: &str) -> String {
    let f = found.trim();
    let inner = |p: &str| {
        f.strip_prefix(p)
            .map(|v| v.trim().trim_matches('`').to_string())
    };
    if let Some(s) = f.strip_prefix("string ") {
        return tr!("json-the-text", text = s);
    }
    if let Some(v) = inner("integer").or_else(|| inner("floating point")) {
        return tr!("json-the-number", number = v);
    }
    if let Some(v) = inner("boolean") {
        return v;
    }
    match f {
        "map" => tr!("json-an-object"),
        "sequence" => tr!("json-a-list"),
        "unit value" | "null" => "null".into(),
        _ => f.replace('`', "\""),
    }
}

/// serde's message in the user's terms.
fn reword(msg: &str, key: Option<&str>) -> String {
    let quoted = |s: &str| format!("\"{}\"", s.trim_matches('`'));
    if let Some(rest) = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
        && let Some((found, exp)) = rest.split_once(", expected ")
    {
        return tr!(
            "json-expected-found",
            expected = expected_words(exp, key),
            found = found_words(found)
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid length ")
        && let Some((n, exp)) = rest.split_once(", expected ")
    {
        return tr!(
            "json-expected-found-list",
            expected = expected_words(exp, key),
            count = n
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ")
        && let Some((name, exp)) = rest.split_once(", expected ")
    {
        let exp = exp.trim_start_matches("one of ");
        return tr!(
            "json-expected-one-of-found",
            names = names(exp),
            found = quoted(name)
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return match rest.split_once(", expected ") {
            Some((name, exp)) => tr!(
                "json-unknown-field",
                name = quoted(name),
                expected = names(exp).replace("one of", &tr!("json-one-of-colon"))
            ),
            None => {
                let name = rest.split(',').next().unwrap_or(rest);
                tr!("json-unknown-field-none", name = quoted(name))
            }
        };
    }
    if let Some(name) = msg.strip_prefix("missing field ") {
        return tr!("json-missing-field", name = quoted(name));
    }
    if let Some(name) = msg.strip_prefix("duplicate field ") {
        return tr!("json-duplicate-field", name = quoted(name));
    }
    if msg == "expected value" {
        return tr!("json-expected-value");
    }
    // Syntax messages name JSON's own characters; the rest are nnviz's own words.
    msg.replace(" f64", " number")
        .replace(" u64", " whole number")
        .replace(" usize", " whole number")
}

/// The JSON path of the place at `line`/`column` of `text` (`""` at the top), and the key
/// of the innermost object there. A key whose value is not reached yet is left out, so
/// an unknown or duplicated field is reported at its object.
fn path_at(text: &str, line: usize, column: usize) -> (String, Option<String>) {
    enum Frame {
        Object { key: Option<String>, in_value: bool },
        Array { index: usize },
    }
    // Byte offset of the place: serde_json counts lines from 1 and columns in bytes.
    let mut offset = 0;
    if line > 0 {
        let mut lines = 1;
        for (i, b) in text.bytes().enumerate() {
            if lines == line {
                offset = i;
                break;
            }
            if b == b'\n' {
                lines += 1;
                offset = i + 1;
            }
        }
        offset = (offset + column).min(text.len());
    }
    let bytes = &text.as_bytes()[..offset];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                in_value: false,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if let Some(Frame::Object { key, in_value }) = stack.last_mut()
                    && !*in_value
                {
                    let end = i.min(bytes.len());
                    *key = Some(String::from_utf8_lossy(&bytes[start..end]).into_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    let mut innermost = None;
    for frame in &stack {
        match frame {
            Frame::Object {
                key: Some(k),
                in_value: true,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                innermost = Some(k.clone());
            }
            Frame::Object { .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    // For an unknown name the key being read is the field itself.
    if let Some(Frame::Object {
        key: Some(k),
        in_value: false,
    }) = stack.last()
    {
        innermost = Some(k.clone());
    }
    (path, innermost)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn err_of<T: serde::de::DeserializeOwned + fmt::Debug>(text: &str) -> String {
        describe(&serde_json::from_str::<T>(text).unwrap_err(), text, "").1
    }

    #[test]
    fn paths_and_words() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            beta: f64,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Outer {
            a: Vec<u64>,
            inner: Inner,
        }
        let e = err_of::<Outer>(r#"{"a": [1, 2, "x"], "inner": {"beta": 1}}"#);
        assert_eq!(
            e,
            "a[2]: expected a whole number, 0 or more, found the text \"x\" (line 1, column 16)"
        );
        let e = err_of::<Outer>(r#"{"a": [], "inner": {"beta": "x"}}"#);
        assert!(
            e.starts_with("inner.beta: expected a number, found the text \"x\""),
            "{e}"
        );
        let e = err_of::<Outer>(r#"{"a": [], "inner": {"betta": 1}}"#);
        assert!(
            e.starts_with("inner: unknown field \"betta\" (expected"),
            "{e}"
        );
        let e = err_of::<Outer>(r#"{"a": [], "inner": {}}"#);
        assert!(e.starts_with("inner: the field \"beta\" is missing"), "{e}");
        let e = err_of::<Outer>("{\n\"a\": [], \"a\": []}");
        assert!(
            e.starts_with("the field \"a\" appears twice (line 2"),
            "{e}"
        );
        let e = err_of::<Outer>(r#"{"a": [], "inner": []}"#);
        assert!(
            e.starts_with("inner: expected an object, found a list"),
            "{e}"
        );
    }
}
