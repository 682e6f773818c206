//! Every keyboard shortcut of nnviz, in one table ([`TABLE`]); the help list is made from it.
//!
//! Precedence is the table's order: each frame the keys are read row by row, and a key one
//! row consumed is gone for the rows below. That is why Shift+→ (pan) comes before → (step),
//! and why the focused diagram's arrows come before both. Nothing is read while a text field
//! has the keyboard or a dialog is open: the dialog's own keys (Enter, Escape) work there.
//!
//! Mouse gestures are listed in [`gestures`] for the help; they are read by the canvas and
//! the diagram.

use crate::tr;
use egui::{Key, KeyboardShortcut, Modifiers};

/// What a shortcut asks for. The app turns each into actions or part changes
/// (`NnvizApp::dispatch_shortcut`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Undo the last change to the points.
    Undo,
    /// Redo it.
    Redo,
    /// Save the session.
    Save,
    /// Save the session under a new name.
    SaveAs,
    /// Open a session.
    Open,
    /// Close a popup, the inspector, presentation mode.
    Escape,
    /// Presentation mode on or off.
    Presentation,
    /// Diagram: highlight the unit above.
    DiagramUp,
    /// Diagram: highlight the unit below.
    DiagramDown,
    /// Diagram: highlight a unit in the layer to the left.
    DiagramLeft,
    /// Diagram: highlight a unit in the layer to the right.
    DiagramRight,
    /// Diagram: show the highlighted unit's map on the canvas.
    DiagramShowUnit,
    /// Diagram: open the highlighted unit's weights.
    DiagramWeights,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Fit the view to the data.
    Fit,
    /// Pan left.
    PanLeft,
    /// Pan right.
    PanRight,
    /// Pan up.
    PanUp,
    /// Pan down.
    PanDown,
    /// Add a point at the cursor.
    AddPoint,
    /// Delete the point under the cursor.
    DeleteHovered,
    /// One training step.
    Step,
    /// New weights.
    Reset,
    /// Pick the class of new points.
    Class(usize),
    /// Show or hide the network diagram.
    ToggleDiagram,
    /// Show or hide explain mode.
    ToggleExplain,
    /// Show or hide the timeline.
    ToggleTimeline,
    /// Discretize output on or off.
    ToggleDiscretize,
    /// Show or hide the test points.
    ToggleTestPoints,
    /// Show or hide the hidden-space view.
    ToggleHiddenSpace,
    /// Open or leave the lesson.
    ToggleLesson,
    /// Explain mode: next training point.
    ExplainNext,
    /// Explain mode: previous training point.
    ExplainPrev,
    /// Explain mode: pin the point nearest the cursor.
    ExplainPin,
}

/// When a row is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Always (unless typing or a dialog is open).
    Global,
    /// Only while the network diagram has the keyboard focus.
    DiagramFocused,
    /// Only while explain mode is open.
    Explain,
    /// Only while the cursor is over a point on the canvas.
    HoveredPoint,
}

/// One row: the keys, what they do, when, and the help text.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The keys (any of them).
    pub keys: &'static [KeyboardShortcut],
    /// What they do.
    pub shortcut: Shortcut,
    /// When the row is read.
    pub scope: Scope,
}

const fn k(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}
const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const SHIFT: Modifiers = Modifiers::SHIFT;

const fn row(keys: &'static [KeyboardShortcut], shortcut: Shortcut) -> Row {
    Row {
        keys,
        shortcut,
        scope: Scope::Global,
    }
}

const fn scoped(keys: &'static [KeyboardShortcut], shortcut: Shortcut, scope: Scope) -> Row {
    Row {
        keys,
        shortcut,
        scope,
    }
}

impl Shortcut {
    /// What the shortcut does, in the help list's words.
    pub fn help(self) -> String {
        match self {
            Shortcut::Redo => tr!("key-redo"),
            Shortcut::Undo => tr!("key-undo"),
            Shortcut::SaveAs => tr!("key-save-as"),
            Shortcut::Save => tr!("key-save"),
            Shortcut::Open => tr!("key-open"),
            Shortcut::Escape => tr!("key-escape"),
            Shortcut::Presentation => tr!("key-presentation"),
            Shortcut::DiagramUp => tr!("key-diagram-up"),
            Shortcut::DiagramDown => tr!("key-diagram-down"),
            Shortcut::DiagramLeft => tr!("key-diagram-left"),
            Shortcut::DiagramRight => tr!("key-diagram-right"),
            Shortcut::DiagramShowUnit => tr!("key-diagram-show-unit"),
            Shortcut::DiagramWeights => tr!("key-diagram-weights"),
            Shortcut::ZoomIn => tr!("key-zoom-in"),
            Shortcut::ZoomOut => tr!("key-zoom-out"),
            Shortcut::Fit => tr!("key-fit"),
            Shortcut::PanLeft => tr!("key-pan-left"),
            Shortcut::PanRight => tr!("key-pan-right"),
            Shortcut::PanUp => tr!("key-pan-up"),
            Shortcut::PanDown => tr!("key-pan-down"),
            Shortcut::AddPoint => tr!("key-add-point"),
            Shortcut::DeleteHovered => tr!("key-delete-hovered"),
            Shortcut::Step => tr!("key-step"),
            Shortcut::Reset => tr!("key-reset"),
            Shortcut::ToggleDiagram => tr!("key-toggle-diagram"),
            Shortcut::ToggleExplain => tr!("key-toggle-explain"),
            Shortcut::ToggleTimeline => tr!("key-toggle-timeline"),
            Shortcut::ToggleDiscretize => tr!("key-toggle-discretize"),
            Shortcut::ToggleTestPoints => tr!("key-toggle-test-points"),
            Shortcut::ToggleHiddenSpace => tr!("key-toggle-hidden-space"),
            Shortcut::ToggleLesson => tr!("key-toggle-lesson"),
            Shortcut::ExplainNext => tr!("key-explain-next"),
            Shortcut::ExplainPrev => tr!("key-explain-prev"),
            Shortcut::ExplainPin => tr!("key-explain-pin"),
            Shortcut::Class(class) => tr!("key-class", class = class),
        }
    }
}

/// Every shortcut, in order of precedence. Space (tap: play/pause; hold and drag: pan) is
/// read apart, by [`SpaceKey`], because it acts on release.
pub const TABLE: &[Row] = &[
    row(&[k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)], Shortcut::Redo),
    row(&[k(CMD, Key::Z)], Shortcut::Undo),
    row(&[k(CMD_SHIFT, Key::S)], Shortcut::SaveAs),
    row(&[k(CMD, Key::S)], Shortcut::Save),
    row(&[k(CMD, Key::O)], Shortcut::Open),
    row(&[k(NONE, Key::Escape)], Shortcut::Escape),
    row(&[k(NONE, Key::F11)], Shortcut::Presentation),
    scoped(
        &[k(NONE, Key::ArrowUp)],
        Shortcut::DiagramUp,
        Scope::DiagramFocused,
    ),
    scoped(
        &[k(NONE, Key::ArrowDown)],
        Shortcut::DiagramDown,
        Scope::DiagramFocused,
    ),
    scoped(
        &[k(NONE, Key::ArrowLeft)],
        Shortcut::DiagramLeft,
        Scope::DiagramFocused,
    ),
    scoped(
        &[k(NONE, Key::ArrowRight)],
        Shortcut::DiagramRight,
        Scope::DiagramFocused,
    ),
    scoped(
        &[k(NONE, Key::Enter)],
        Shortcut::DiagramShowUnit,
        Scope::DiagramFocused,
    ),
    scoped(
        &[k(NONE, Key::W)],
        Shortcut::DiagramWeights,
        Scope::DiagramFocused,
    ),
    row(
        &[k(NONE, Key::Plus), k(NONE, Key::Equals)],
        Shortcut::ZoomIn,
    ),
    row(&[k(NONE, Key::Minus)], Shortcut::ZoomOut),
    row(&[k(NONE, Key::F)], Shortcut::Fit),
    row(&[k(SHIFT, Key::ArrowLeft)], Shortcut::PanLeft),
    row(&[k(SHIFT, Key::ArrowRight)], Shortcut::PanRight),
    row(&[k(SHIFT, Key::ArrowUp)], Shortcut::PanUp),
    row(&[k(SHIFT, Key::ArrowDown)], Shortcut::PanDown),
    row(&[k(NONE, Key::A)], Shortcut::AddPoint),
    scoped(
        &[k(NONE, Key::Delete), k(NONE, Key::Backspace)],
        Shortcut::DeleteHovered,
        Scope::HoveredPoint,
    ),
    row(&[k(NONE, Key::ArrowRight), k(NONE, Key::S)], Shortcut::Step),
    row(&[k(NONE, Key::R)], Shortcut::Reset),
    row(&[k(NONE, Key::Num0)], Shortcut::Class(0)),
    row(&[k(NONE, Key::Num1)], Shortcut::Class(1)),
    row(&[k(NONE, Key::Num2)], Shortcut::Class(2)),
    row(&[k(NONE, Key::Num3)], Shortcut::Class(3)),
    row(&[k(NONE, Key::Num4)], Shortcut::Class(4)),
    row(&[k(NONE, Key::Num5)], Shortcut::Class(5)),
    row(&[k(NONE, Key::Num6)], Shortcut::Class(6)),
    row(&[k(NONE, Key::Num7)], Shortcut::Class(7)),
    row(&[k(SHIFT, Key::D)], Shortcut::ToggleDiscretize),
    row(&[k(SHIFT, Key::T)], Shortcut::ToggleTestPoints),
    row(&[k(NONE, Key::D)], Shortcut::ToggleDiagram),
    row(&[k(NONE, Key::E)], Shortcut::ToggleExplain),
    row(&[k(NONE, Key::T)], Shortcut::ToggleTimeline),
    row(&[k(NONE, Key::H)], Shortcut::ToggleHiddenSpace),
    row(&[k(NONE, Key::L)], Shortcut::ToggleLesson),
    scoped(
        &[k(NONE, Key::CloseBracket)],
        Shortcut::ExplainNext,
        Scope::Explain,
    ),
    scoped(
        &[k(NONE, Key::OpenBracket)],
        Shortcut::ExplainPrev,
        Scope::Explain,
    ),
    scoped(&[k(NONE, Key::P)], Shortcut::ExplainPin, Scope::Explain),
];

/// Mouse gestures and keys read elsewhere, for the help list: (what to do, what it does).
pub fn gestures() -> Vec<(String, String)> {
    vec![
        (tr!("gesture-space"), tr!("gesture-space-does")),
        (tr!("gesture-space-drag"), tr!("gesture-space-drag-does")),
        (tr!("gesture-click"), tr!("gesture-click-does")),
        (tr!("gesture-drag"), tr!("gesture-drag-does")),
        (tr!("gesture-right-click"), tr!("gesture-right-click-does")),
        (tr!("gesture-shift-click"), tr!("gesture-shift-click-does")),
        (tr!("gesture-scroll"), tr!("gesture-scroll-does")),
        (tr!("gesture-middle-drag"), tr!("gesture-middle-drag-does")),
        (
            tr!("gesture-double-click"),
            tr!("gesture-double-click-does"),
        ),
        (tr!("gesture-tab"), tr!("gesture-tab-does")),
        (
            tr!("gesture-double-click-class"),
            tr!("gesture-double-click-class-does"),
        ),
    ]
}

/// What is true this frame, deciding which rows are read.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// A text field has the keyboard: nothing is read.
    pub typing: bool,
    /// A dialog owns the keyboard: no row is read.
    pub dialog: bool,
    /// The diagram has the keyboard focus.
    pub diagram_focused: bool,
    /// Explain mode is open.
    pub explain: bool,
    /// The cursor is over a point on the canvas.
    pub hovered_point: bool,
}

/// Reads this frame's shortcuts in table order (each press once, in order of precedence).
pub fn read(ctx: &egui::Context, c: Context) -> Vec<Shortcut> {
    let mut out = Vec::new();
    if c.typing {
        return out;
    }
    ctx.input_mut(|i| {
        for r in TABLE {
            let allowed = match r.scope {
                Scope::Global => true,
                Scope::DiagramFocused => c.diagram_focused,
                Scope::Explain => c.explain,
                Scope::HoveredPoint => c.hovered_point,
            };
            if !allowed || c.dialog {
                continue;
            }
            for key in r.keys {
                // `consume_shortcut` lets extra modifiers through (Shift+→ would step):
                // a plain key matches with no Ctrl/Alt held, and with Shift only where no
                // Shift row has that key ("+" needs Shift on many keyboards).
                if key.modifiers.is_none()
                    && (i.modifiers.command
                        || i.modifiers.ctrl
                        || i.modifiers.alt
                        || (i.modifiers.shift && has_shift_row(key.logical_key)))
                {
                    continue;
                }
                while i.consume_shortcut(key) {
                    out.push(r.shortcut);
                }
            }
        }
    });
    out
}

/// Whether some row binds Shift+`key` (then plain `key` does not match with Shift held).
fn has_shift_row(key: Key) -> bool {
    TABLE
        .iter()
        .flat_map(|r| r.keys.iter())
        .any(|k| k.logical_key == key && k.modifiers == SHIFT)
}

/// The key text of a shortcut, for tooltips ("Ctrl+Z", "Space").
pub fn key_text(ctx: &egui::Context, s: Shortcut) -> String {
    TABLE
        .iter()
        .filter(|r| r.shortcut == s)
        .flat_map(|r| r.keys.iter())
        .map(|k| ctx.format_shortcut(k))
        .collect::<Vec<_>>()
        .join(&tr!("key-or"))
}

/// The help list: every table row, then the gestures, as (keys, what they do).
pub fn help_rows(ctx: &egui::Context) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for r in TABLE {
        let keys = r
            .keys
            .iter()
            .map(|k| ctx.format_shortcut(k))
            .collect::<Vec<_>>()
            .join(&tr!("key-or"));
        rows.push((keys, r.shortcut.help()));
    }
    rows.extend(gestures());
    rows
}

/// The Space key: a tap toggles play, holding it while dragging pans.
#[derive(Debug, Default)]
pub struct SpaceKey {
    /// Space is held.
    pub down: bool,
    /// It was used to pan while held (its release does not toggle play).
    pub used_for_pan: bool,
}

impl SpaceKey {
    /// Reads Space; returns `true` when a tap (press and release without a pan) ended.
    pub fn read(&mut self, ctx: &egui::Context, c: Context) -> bool {
        if c.typing || c.dialog {
            *self = Self::default();
            return false;
        }
        let mut released = false;
        ctx.input_mut(|i| {
            while i.consume_key(Modifiers::NONE, Key::Space) {
                self.down = true;
            }
            released = i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key {
                        key: Key::Space,
                        pressed: false,
                        ..
                    }
                )
            });
        });
        if released {
            let tap = self.down && !self.used_for_pan;
            *self = Self::default();
            return tap;
        }
        false
    }
}
