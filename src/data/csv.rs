//! Reading labelled points from CSV text or files, and writing them back.
//!
//! What [`parse_csv`] accepts:
//!
//! - **Separator**: `,`. If the first data line has no comma, `;` or else a tab is used
//!   (whichever it contains). Decimal commas (`1,5`) are not supported.
//! - **Fields**: surrounding whitespace is trimmed; a field may be quoted with `"…"` (then it
//!   may contain the separator, and `""` stands for one `"`) or `'…'`.
//! - **Blank lines** and lines starting with `#` are skipped. Line numbers in errors count
//!   every physical line, from 1.
//! - **Header**: optional. The first data row is a header when both its x and its y field are
//!   not numbers (a row with only one bad field is reported as an error instead, so a typo
//!   in the first row is not silently dropped). Columns given by [`Column::Name`] need a
//!   header; there the first row is a header when fewer than two of its fields are numbers.
//! - **Labels**: if every label is a non-negative integer below [`MAX_CLASSES`] (`"1"`,
//!   `"1.0"`), the number is the class, so `"1"` stays class 1 even when it comes first.
//!   Otherwise labels are names, mapped to classes 0, 1, 2, … in order of first appearance.
//! - **Split**: if the header has a column named `split` (any case, not one of the selected
//!   columns), its values `train` / `test` (any case; empty means `train`) set
//!   [`LabeledPoint::test`]. Without it every point is a training point.
//! - **Limits**: at most [`MAX_CSV_POINTS`] points, [`MAX_CLASSES`] classes, [`MAX_CSV_FIELDS`]
//!   fields in a row and [`MAX_CSV_LABELS`] different label texts; NaN and
//!   infinite coordinates are refused. [`read_csv_file`] reads files of at most
//!   [`MAX_FILE_BYTES`] (64 MiB, as for sessions), checked before reading.
//!
//! [`to_csv`] writes `x,y,label,split` with a header, which [`parse_csv`] reads back exactly.

use std::fmt;
use std::fmt::Write as _;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{DataError, Dataset, LabeledPoint, MAX_CLASSES, MAX_FILE_BYTES, Problem};

/// Largest number of points [`parse_csv`] accepts.
pub const MAX_CSV_POINTS: usize = 1_000_000;

/// Most fields in one row: a longer row is refused as soon as it is seen, so that a file of
/// one row and millions of empty fields costs no more than its own size in memory.
pub const MAX_CSV_FIELDS: usize = 1024;

/// Most different label texts (`1`, `1.0` and `01` are three texts of one class).
pub const MAX_CSV_LABELS: usize = 1000;

/// Selects a CSV column: by 0-based position or by header name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    /// 0-based column position.
    Index(usize),
    /// Header name (exact match preferred, otherwise case-insensitive).
    Name(String),
}

impl FromStr for Column {
    type Err = DataError;

    /// A non-negative integer is an index, anything else a header name (trimmed).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            Err(DataError::EmptyColumnName)
        } else if let Ok(i) = s.parse::<usize>() {
            Ok(Column::Index(i))
        } else {
            Ok(Column::Name(s.to_owned()))
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Index(i) => write!(f, "{i}"),
            Column::Name(name) => f.write_str(name),
        }
    }
}

/// Which columns hold x, y and the label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvColumns {
    /// The x coordinate column.
    pub x: Column,
    /// The y coordinate column.
    pub y: Column,
    /// The class label column.
    pub label: Column,
}

impl Default for CsvColumns {
    /// Columns 0, 1 and 2.
    fn default() -> Self {
        Self {
            x: Column::Index(0),
            y: Column::Index(1),
            label: Column::Index(2),
        }
    }
}

/// A parsed CSV file: the points and the name of each class.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvImport {
    /// The points (all training points unless the file has a `split` column).
    pub dataset: Dataset,
    /// `class_names[c]` is the label text of class `c`; always `dataset.num_classes` long.
    /// Numeric labels are named by their number; a class no label maps to (only when the
    /// file has a single label) is named by its index.
    pub class_names: Vec<String>,
}

/// Parses CSV text into a dataset; see the [module docs](self) for the accepted format.
pub fn parse_csv(text: &str, cols: &CsvColumns) -> Result<Dataset, DataError> {
    parse_csv_with_names(text, cols).map(|import| import.dataset)
}

/// Reads and parses a CSV file; every error message starts with the path. A file larger
/// than [`MAX_FILE_BYTES`] is refused before anything is read, and so is anything but a
/// regular file (a directory, a FIFO, a device).
pub fn read_csv_file(path: impl AsRef<Path>, cols: &CsvColumns) -> Result<CsvImport, DataError> {
    read_csv_file_for(path, cols, Problem::Classification)
}

/// [`read_csv_file`] for either problem: for [`Problem::Regression`] the label column is a
/// numeric target (see [`parse_csv_for`]).
pub fn read_csv_file_for(
    path: impl AsRef<Path>,
    cols: &CsvColumns,
    problem: Problem,
) -> Result<CsvImport, DataError> {
    let path = path.as_ref();
    let io_err = |error| DataError::Io {
        path: path.to_path_buf(),
        error,
    };
    let too_large = |size| DataError::TooLarge {
        path: path.to_path_buf(),
        size,
        max: MAX_FILE_BYTES,
    };
    let bytes = crate::fsutil::read_regular_file(path, MAX_FILE_BYTES).map_err(|e| match e {
        crate::fsutil::ReadError::Io(error) => io_err(error),
        crate::fsutil::ReadError::TooLarge { size, .. } => too_large(size),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        io_err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "stream did not contain valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        ))
    })?;
    parse_csv_for(&text, cols, problem).map_err(|error| DataError::InFile {
        path: path.to_path_buf(),
        error: Box::new(error),
    })
}

/// Writes `x,y,label,split` with a header; coordinates use Rust's shortest round-trip
/// formatting, so [`parse_csv`] with default columns gives the same points back.
///
/// `num_classes` is not stored: reading back gives `max(2, largest class + 1)`.
///
/// A regression dataset writes `x,y,value,split` instead, which [`parse_csv_for`] with
/// [`Problem::Regression`] reads back exactly.
pub fn to_csv(dataset: &Dataset) -> String {
    let regression = dataset.is_regression();
    let mut out = String::with_capacity(16 + dataset.points.len() * 24);
    out.push_str(if regression {
        "x,y,value,split\n"
    } else {
        "x,y,label,split\n"
    });
    for p in &dataset.points {
        let [x, y] = p.pos_in_data;
        let split = if p.test { "test" } else { "train" };
        // Writing into a String cannot fail.
        let _ = if regression {
            writeln!(out, "{x},{y},{},{split}", p.value)
        } else {
            writeln!(out, "{x},{y},{},{split}", p.class)
        };
    }
    out
}

/// Parses CSV text for either problem. For [`Problem::Regression`] the label column holds
/// a numeric target: every value must be a finite number (a refusal names the line and the
/// column), and `class_names` is empty.
pub fn parse_csv_for(
    text: &str,
    cols: &CsvColumns,
    problem: Problem,
) -> Result<CsvImport, DataError> {
    parse_rows(text, cols, problem == Problem::Regression)
}

/// Parses CSV text and also returns the class names; see the [module docs](self).
pub fn parse_csv_with_names(text: &str, cols: &CsvColumns) -> Result<CsvImport, DataError> {
    parse_rows(text, cols, false)
}

/// The parser behind [`parse_csv_with_names`] and [`parse_csv_for`]. Read as classes, a
/// label column of numbers with more distinct values than a dataset has classes is a value
/// to predict: the refusal says so ([`DataError::NumericLabels`]) instead of "too many
/// classes", so the app and `nnviz train` can offer regression.
fn parse_rows(text: &str, cols: &CsvColumns, regression: bool) -> Result<CsvImport, DataError> {
    match parse_rows_as(text, cols, regression) {
        Err(DataError::TooManyClasses { .. } | DataError::TooManyLabels { .. })
            if !regression && parse_rows_as(text, cols, true).is_ok() =>
        {
            Err(DataError::NumericLabels { max: MAX_CLASSES })
        }
        result => result,
    }
}

/// Parses the rows as classes, or with `regression` as numeric targets.
fn parse_rows_as(text: &str, cols: &CsvColumns, regression: bool) -> Result<CsvImport, DataError> {
    // Spreadsheet exports often start with a UTF-8 byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sep = None;
    let mut layout: Option<Layout> = None;
    let mut labels = LabelTable::default();
    let mut rows: Vec<Row> = Vec::new();

    for (idx, raw) in text.lines().enumerate() {
        let line = idx + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let sep = *sep.get_or_insert_with(|| detect_separator(trimmed));
        let fields = split_fields(trimmed, sep).ok_or(DataError::TooManyFields {
            line,
            max: MAX_CSV_FIELDS,
        })?;
        let layout = match layout {
            Some(layout) => layout,
            None => {
                let (found, is_header) = Layout::from_first_row(&fields, cols, line)?;
                layout = Some(found);
                if is_header {
                    continue;
                }
                found
            }
        };
        if rows.len() >= MAX_CSV_POINTS {
            return Err(DataError::TooManyPoints {
                max: MAX_CSV_POINTS,
            });
        }
        rows.push(layout.parse_row(&fields, line, &mut labels, regression)?);
        if labels.names.len() > MAX_CSV_LABELS {
            return Err(DataError::TooManyLabels {
                line,
                max: MAX_CSV_LABELS,
            });
        }
    }

    if rows.is_empty() {
        return Err(DataError::NoPoints);
    }
    if regression {
        let points = rows
            .into_iter()
            .map(|r| LabeledPoint {
                test: r.test,
                ..LabeledPoint::with_value(r.x, r.y, r.value)
            })
            .collect();
        return Ok(CsvImport {
            dataset: Dataset {
                points,
                num_classes: 2,
                problem: Problem::Regression,
            },
            class_names: Vec::new(),
        });
    }
    labels.into_import(rows)
}

/// One data row, with its label as an index into the [`LabelTable`].
struct Row {
    x: f64,
    y: f64,
    label: usize,
    test: bool,
    /// The numeric target (regression only, else 0).
    value: f64,
}

/// Resolved column positions.
#[derive(Clone, Copy, Debug)]
struct Layout {
    x: usize,
    y: usize,
    label: usize,
    split: Option<usize>,
}

impl Layout {
    /// Decides whether the first data row is a header and resolves the columns.
    fn from_first_row(
        fields: &[String],
        cols: &CsvColumns,
        line: usize,
    ) -> Result<(Self, bool), DataError> {
        let roles = [("x", &cols.x), ("y", &cols.y), ("label", &cols.label)];
        let named = roles.iter().find_map(|(role, c)| match c {
            Column::Name(name) => Some((*role, name)),
            Column::Index(_) => None,
        });
        let is_header = match named {
            Some((role, name)) => {
                let numeric = fields.iter().filter(|f| f.parse::<f64>().is_ok()).count();
                if numeric >= 2 {
                    return Err(DataError::NameWithoutHeader {
                        role,
                        name: name.clone(),
                    });
                }
                true
            }
            None => {
                let not_number = |c: &Column, role| match c {
                    Column::Index(i) => fields.get(*i).map(|f| f.parse::<f64>().is_err()).ok_or(
                        DataError::MissingField {
                            line,
                            role,
                            index: *i,
                            fields: fields.len(),
                        },
                    ),
                    Column::Name(_) => Ok(true),
                };
                not_number(&cols.x, "x")? && not_number(&cols.y, "y")?
            }
        };

        let resolve = |role: &'static str, c: &Column| -> Result<usize, DataError> {
            match c {
                Column::Index(i) if !is_header || *i < fields.len() => Ok(*i),
                Column::Index(i) => Err(DataError::MissingField {
                    line,
                    role,
                    index: *i,
                    fields: fields.len(),
                }),
                Column::Name(name) => fields
                    .iter()
                    .position(|f| f == name)
                    .or_else(|| fields.iter().position(|f| f.eq_ignore_ascii_case(name)))
                    .ok_or_else(|| DataError::ColumnNotFound {
                        role,
                        name: name.clone(),
                        available: fields.to_vec(),
                    }),
            }
        };
        let x = resolve("x", &cols.x)?;
        let y = resolve("y", &cols.y)?;
        let label = resolve("label", &cols.label)?;
        let split = if is_header {
            fields.iter().enumerate().position(|(i, f)| {
                f.eq_ignore_ascii_case("split") && i != x && i != y && i != label
            })
        } else {
            None
        };
        Ok((Self { x, y, label, split }, is_header))
    }

    /// Parses one data row.
    fn parse_row(
        &self,
        fields: &[String],
        line: usize,
        labels: &mut LabelTable,
        regression: bool,
    ) -> Result<Row, DataError> {
        let field = |index: usize, role: &'static str| {
            fields
                .get(index)
                .map(String::as_str)
                .ok_or(DataError::MissingField {
                    line,
                    role,
                    index,
                    fields: fields.len(),
                })
        };
        let x = parse_coordinate(field(self.x, "x")?, line, "x")?;
        let y = parse_coordinate(field(self.y, "y")?, line, "y")?;
        let label = field(self.label, "label")?;
        if label.is_empty() {
            return Err(DataError::EmptyLabel { line });
        }
        let test = match self.split {
            None => false,
            Some(i) => {
                let value = field(i, "split")?;
                if value.is_empty() || value.eq_ignore_ascii_case("train") {
                    false
                } else if value.eq_ignore_ascii_case("test") {
                    true
                } else {
                    return Err(DataError::BadSplit {
                        line,
                        value: value.to_owned(),
                    });
                }
            }
        };
        if regression {
            let value = parse_coordinate(label, line, "value")?;
            return Ok(Row {
                x,
                y,
                label: 0,
                test,
                value,
            });
        }
        Ok(Row {
            x,
            y,
            label: labels.intern(label),
            test,
            value: 0.0,
        })
    }
}

/// Parses a finite coordinate.
fn parse_coordinate(s: &str, line: usize, column: &'static str) -> Result<f64, DataError> {
    let v: f64 = s.parse().map_err(|_| DataError::BadNumber {
        line,
        value: s.to_owned(),
        column,
    })?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(DataError::NonFinite { line })
    }
}

/// Distinct label texts in order of first appearance.
#[derive(Default)]
struct LabelTable {
    names: Vec<String>,
    ids: std::collections::HashMap<String, usize>,
}

impl LabelTable {
    /// The id of `label`, adding it if new.
    fn intern(&mut self, label: &str) -> usize {
        if let Some(&id) = self.ids.get(label) {
            return id;
        }
        let id = self.names.len();
        self.names.push(label.to_owned());
        self.ids.insert(label.to_owned(), id);
        id
    }

    /// Maps label ids to classes (numeric or by appearance) and builds the import.
    fn into_import(self, rows: Vec<Row>) -> Result<CsvImport, DataError> {
        let numeric: Option<Vec<usize>> = self.names.iter().map(|n| numeric_class(n)).collect();
        let (class_of_id, class_names) = match numeric {
            Some(classes) => {
                let count = classes.iter().map(|c| c + 1).max().unwrap_or(0).max(2);
                (classes, (0..count).map(|c| c.to_string()).collect())
            }
            None => {
                if self.names.len() > MAX_CLASSES {
                    return Err(DataError::TooManyClasses {
                        found: self.names.len(),
                        max: MAX_CLASSES,
                    });
                }
                let mut names = self.names;
                let ids = (0..names.len()).collect();
                // A single label still makes a 2-class dataset; name the empty class.
                while names.len() < 2 {
                    names.push(names.len().to_string());
                }
                (ids, names)
            }
        };
        let points = rows
            .into_iter()
            .map(|r| LabeledPoint {
                pos_in_data: [r.x, r.y],
                class: class_of_id.get(r.label).copied().unwrap_or(0),
                test: r.test,
                value: 0.0,
            })
            .collect();
        Ok(CsvImport {
            dataset: Dataset {
                points,
                num_classes: class_names.len(),
                problem: Problem::Classification,
            },
            class_names,
        })
    }
}

/// The class of a numeric label: a non-negative integer below [`MAX_CLASSES`].
fn numeric_class(label: &str) -> Option<usize> {
    let v: f64 = label.parse().ok()?;
    // `-0` is 0; 1.5, -1 and 8 are not classes.
    (v.fract() == 0.0 && (0.0..MAX_CLASSES as f64).contains(&v)).then_some(v as usize)
}

/// `,` unless the line has none and has `;` or a tab.
fn detect_separator(line: &str) -> char {
    if line.contains(',') {
        ','
    } else if line.contains(';') {
        ';'
    } else if line.contains('\t') {
        '\t'
    } else {
        ','
    }
}

/// Splits a line into trimmed, unquoted fields; `None` for more than [`MAX_CSV_FIELDS`].
fn split_fields(line: &str, sep: char) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    current.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                current.push(c);
            }
        } else if c == '"' {
            in_quotes = true;
        } else if c == sep {
            if fields.len() + 1 >= MAX_CSV_FIELDS {
                return None;
            }
            fields.push(clean_field(&current));
            current.clear();
        } else {
            current.push(c);
        }
    }
    fields.push(clean_field(&current));
    Some(fields)
}

/// Trims whitespace and one pair of surrounding single quotes.
fn clean_field(field: &str) -> String {
    let t = field.trim();
    t.strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(t)
        .trim()
        .to_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn cols(x: &str, y: &str, label: &str) -> CsvColumns {
        CsvColumns {
            x: x.parse().unwrap(),
            y: y.parse().unwrap(),
            label: label.parse().unwrap(),
        }
    }

    fn err(text: &str) -> String {
        parse_csv(text, &CsvColumns::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn column_from_str() {
        assert_eq!("3".parse::<Column>().unwrap(), Column::Index(3));
        assert_eq!(
            " len ".parse::<Column>().unwrap(),
            Column::Name("len".into())
        );
        assert_eq!("-1".parse::<Column>().unwrap(), Column::Name("-1".into()));
        assert_eq!(
            "  ".parse::<Column>().unwrap_err().to_string(),
            "empty column name"
        );
    }

    #[test]
    fn split_fields_handles_quotes_and_whitespace() {
        let split = |l, sep| split_fields(l, sep).unwrap();
        assert_eq!(split(r#" 1 , "a,b" ,'c'"#, ','), ["1", "a,b", "c"]);
        assert_eq!(split(r#""say ""hi""",2"#, ','), [r#"say "hi""#, "2"]);
        assert_eq!(split("1;2;;", ';'), ["1", "2", "", ""]);
        let full = ",".repeat(MAX_CSV_FIELDS - 1);
        assert_eq!(split(&full, ',').len(), MAX_CSV_FIELDS);
        assert_eq!(split_fields(&format!("{full},"), ','), None);
    }

    #[test]
    fn separator_detection() {
        assert_eq!(detect_separator("1;2,5;a"), ',');
        assert_eq!(detect_separator("1;2;a"), ';');
        assert_eq!(detect_separator("1\t2\ta"), '\t');
        assert_eq!(detect_separator("1 2 a"), ',');
        let ds = parse_csv("x;y;c\n1;2;0\n3;4;1\n", &CsvColumns::default()).unwrap();
        assert_eq!(ds.points.len(), 2);
        let ds = parse_csv("1\t2\tred\n3\t4\tblue\n", &CsvColumns::default()).unwrap();
        assert_eq!(ds.points[1].pos_in_data, [3.0, 4.0]);
    }

    #[test]
    fn numeric_class_rules() {
        assert_eq!(numeric_class("0"), Some(0));
        assert_eq!(numeric_class("7"), Some(7));
        assert_eq!(numeric_class("1.0"), Some(1));
        assert_eq!(numeric_class("-0"), Some(0));
        assert_eq!(numeric_class("8"), None);
        assert_eq!(numeric_class("-1"), None);
        assert_eq!(numeric_class("1.5"), None);
        assert_eq!(numeric_class("NaN"), None);
        assert_eq!(numeric_class("red"), None);
    }

    #[test]
    fn one_bad_field_in_first_row_is_an_error_not_a_header() {
        assert_eq!(
            err("1..5,2,0\n3,4,1\n"),
            "line 1: cannot parse '1..5' as a number in column x"
        );
    }

    #[test]
    fn header_with_selected_index_beyond_it_is_reported() {
        assert_eq!(
            parse_csv("a,b\n1,2\n", &cols("0", "1", "5"))
                .unwrap_err()
                .to_string(),
            "line 1: no label field (column 5); the row has 2 fields"
        );
    }

    #[test]
    fn short_row_is_reported() {
        assert_eq!(
            err("1,2,0\n3,4\n"),
            "line 2: no label field (column 2); the row has 2 fields"
        );
    }

    #[test]
    fn names_need_a_header() {
        assert_eq!(
            parse_csv("1,2,0\n", &cols("a", "1", "2"))
                .unwrap_err()
                .to_string(),
            "x column 'a' is given by name, but the file has no header row"
        );
    }

    #[test]
    fn name_match_falls_back_to_case_insensitive() {
        let ds = parse_csv("X,Y,Class\n1,2,a\n", &cols("x", "y", "class")).unwrap();
        assert_eq!(ds.points[0].pos_in_data, [1.0, 2.0]);
    }

    #[test]
    fn split_column_and_bad_split() {
        let ds = parse_csv(
            "x,y,label,Split\n1,2,0,train\n3,4,1,TEST\n5,6,1,\n",
            &CsvColumns::default(),
        )
        .unwrap();
        let tests: Vec<bool> = ds.points.iter().map(|p| p.test).collect();
        assert_eq!(tests, [false, true, false]);
        assert_eq!(
            err("x,y,label,split\n1,2,0,maybe\n"),
            "line 2: split must be 'train' or 'test', got 'maybe'"
        );
    }

    #[test]
    fn empty_label_and_bom() {
        assert_eq!(err("\u{feff}x,y,l\n1,2, \n"), "line 2: empty label");
    }

    #[test]
    fn single_string_label_gives_two_named_classes() {
        let import = parse_csv_with_names("1,2,cat\n", &CsvColumns::default()).unwrap();
        assert_eq!(import.dataset.num_classes, 2);
        assert_eq!(import.class_names, ["cat", "1"]);
    }

    #[test]
    fn numbers_with_many_values_are_a_value_to_predict_not_classes() {
        // 12 distinct values (decimals here, integers below): more than 8 classes.
        let decimals: String = (0..12).map(|i| format!("{i},0,{}.5\n", i)).collect();
        let integers: String = (0..12).map(|i| format!("{i},1,{i}\n")).collect();
        for text in [&decimals, &integers] {
            let e = parse_csv(text, &CsvColumns::default()).unwrap_err();
            assert!(matches!(e, DataError::NumericLabels { max: 8 }), "{e}");
            assert!(e.suggests_regression());
            assert!(e.to_string().contains("regression"), "{e}");
            let import = parse_csv_for(text, &CsvColumns::default(), Problem::Regression).unwrap();
            assert_eq!(import.dataset.points.len(), 12);
        }
        // So many labels that the reader stops early: still numbers to predict.
        let many: String = (0..(MAX_CSV_LABELS + 5))
            .map(|i| format!("{i},2,{}\n", i as f64 * 0.1))
            .collect();
        let e = parse_csv(&many, &CsvColumns::default()).unwrap_err();
        assert!(e.suggests_regression(), "{e}");
        // Names are not numbers; a single text label among numbers neither.
        let names: String = (0..9).map(|i| format!("{i},0,c{i}\n")).collect();
        assert!(
            !parse_csv(&names, &CsvColumns::default())
                .unwrap_err()
                .suggests_regression()
        );
        let mixed = format!("{decimals}1,1,cat\n");
        assert!(
            !parse_csv(&mixed, &CsvColumns::default())
                .unwrap_err()
                .suggests_regression()
        );
    }

    #[test]
    fn too_many_string_classes() {
        let text: String = (0..9).map(|i| format!("{i},0,c{i}\n")).collect();
        assert_eq!(err(&text), "too many classes: 9 (max 8)");
    }
}
