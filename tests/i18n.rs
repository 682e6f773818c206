//! The message files: both languages have the same ids with the same arguments, every id is
//! used by the code, and switching the language changes what `tr!` returns.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fluent_syntax::ast;
use nnviz::i18n::{Language, message_file};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every message id of a file with the sorted names of the variables it uses.
fn messages(language: Language) -> BTreeMap<String, BTreeSet<String>> {
    let text = message_file(language).unwrap_or_else(|| panic!("no file for {language:?}"));
    let resource = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", language.tag()));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut vars);
            }
            let id = m.id.name.to_owned();
            assert!(
                out.insert(id.clone(), vars).is_none(),
                "{id} twice in {}",
                language.tag()
            );
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

/// Messages that translate the CLI's help: English takes clap's text from the doc comments,
/// so only the other languages have them (checked against the options in `tests/cli.rs`).
const CLI_HELP: &str = "cli-help-";

#[test]
fn both_languages_have_the_same_messages_with_the_same_arguments() {
    let en = messages(Language::English);
    let mut zh = messages(Language::SimplifiedChinese);
    zh.retain(|id, _| !id.starts_with(CLI_HELP));
    assert!(!en.is_empty());
    let en_ids: BTreeSet<_> = en.keys().collect();
    let zh_ids: BTreeSet<_> = zh.keys().collect();
    assert_eq!(
        en_ids.difference(&zh_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "missing in zh-CN"
    );
    assert_eq!(
        zh_ids.difference(&en_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "missing in en"
    );
    for (id, vars) in &en {
        assert_eq!(vars, &zh[id], "arguments of {id}");
    }
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_message_is_used_by_the_code() {
    let mut code = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut code,
    );
    // The first argument of every `tr!(`, wherever the formatter put it.
    let mut used = BTreeSet::new();
    for file in &code {
        for (at, _) in file.match_indices("tr!(") {
            let rest = file[at + 4..].trim_start();
            if let Some(rest) = rest.strip_prefix('"')
                && let Some(end) = rest.find('"')
            {
                used.insert(rest[..end].to_owned());
            }
        }
    }
    let unused: Vec<_> = messages(Language::English)
        .into_keys()
        .filter(|id| !used.contains(id))
        .collect();
    assert!(unused.is_empty(), "ids no code asks for: {unused:?}");
}

#[test]
fn switching_the_language_changes_the_messages_at_once() {
    // The only test in this binary that switches: the loader is global.
    nnviz::i18n::set_language(Language::English);
    assert_eq!(nnviz::tr!("menu-file"), "File");
    let tip = nnviz::tr!("menu-redo-button-tip", key = "Ctrl+Y");
    assert_eq!(tip, "Redo (Ctrl+Y).", "no isolation marks around arguments");
    nnviz::i18n::set_language(Language::SimplifiedChinese);
    assert_eq!(nnviz::i18n::language(), Language::SimplifiedChinese);
    assert_eq!(nnviz::tr!("menu-file"), "文件");
    assert_eq!(
        nnviz::tr!("menu-redo-button-tip", key = "Ctrl+Y"),
        "重做（Ctrl+Y）。"
    );
    nnviz::i18n::set_language(Language::English);
    assert_eq!(nnviz::tr!("menu-file"), "File");
}

#[test]
fn every_character_of_the_chinese_messages_has_a_glyph() {
    use egui::epaint::text::{Fonts, TextOptions};
    let mut fonts = Fonts::new(TextOptions::default(), nnviz::render::font_definitions());
    let mut view = fonts.with_pixels_per_point(1.0);
    let text = message_file(Language::SimplifiedChinese).unwrap();
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let id = egui::FontId::new(14.0, family);
        let missing: BTreeSet<char> = text
            .chars()
            .filter(|c| !c.is_control() && !view.has_glyph(&id, *c))
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}
