//! Every keyboard shortcut of nnviz, in one table ([`TABLE`]); the help list is made from it.
//!
//! Precedence is the table's order: each frame the keys are read row by row, and a key one
//! row consumed is gone for the rows below. That is why Shift+→ (pan) comes before → (step),
//! and why the focused diagram's arrows come before both. Nothing is read while a text field
//! has the keyboard or a dialog is open: the dialog's own keys (Enter, Escape) work there.
//!
//! Mouse gestures are listed in [`GESTURES`] for the help; they are read by the canvas and
//! the diagram.

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
    /// The help list's words.
    pub help: &'static str,
}

const fn k(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}
const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const SHIFT: Modifiers = Modifiers::SHIFT;

const fn row(keys: &'static [KeyboardShortcut], shortcut: Shortcut, help: &'static str) -> Row {
    Row {
        keys,
        shortcut,
        scope: Scope::Global,
        help,
    }
}

const fn scoped(
    keys: &'static [KeyboardShortcut],
    shortcut: Shortcut,
    scope: Scope,
    help: &'static str,
) -> Row {
    Row {
        keys,
        shortcut,
        scope,
        help,
    }
}

/// Every shortcut, in order of precedence. Space (tap: play/pause; hold and drag: pan) is
/// read apart, by [`SpaceKey`], because it acts on release.
pub const TABLE: &[Row] = &[
    row(
        &[k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)],
        Shortcut::Redo,
        "redo",
    ),
    row(&[k(CMD, Key::Z)], Shortcut::Undo, "undo"),
    row(
        &[k(CMD_SHIFT, Key::S)],
        Shortcut::SaveAs,
        "save session as…",
    ),
    row(&[k(CMD, Key::S)], Shortcut::Save, "save session"),
    row(&[k(CMD, Key::O)], Shortcut::Open, "open session"),
    row(
        &[k(NONE, Key::Escape)],
        Shortcut::Escape,
        "close the inspector or presentation mode",
    ),
    row(
        &[k(NONE, Key::F11)],
        Shortcut::Presentation,
        "presentation mode",
    ),
    scoped(
        &[k(NONE, Key::ArrowUp)],
        Shortcut::DiagramUp,
        Scope::DiagramFocused,
        "diagram: unit above",
    ),
    scoped(
        &[k(NONE, Key::ArrowDown)],
        Shortcut::DiagramDown,
        Scope::DiagramFocused,
        "diagram: unit below",
    ),
    scoped(
        &[k(NONE, Key::ArrowLeft)],
        Shortcut::DiagramLeft,
        Scope::DiagramFocused,
        "diagram: layer to the left",
    ),
    scoped(
        &[k(NONE, Key::ArrowRight)],
        Shortcut::DiagramRight,
        Scope::DiagramFocused,
        "diagram: layer to the right",
    ),
    scoped(
        &[k(NONE, Key::Enter)],
        Shortcut::DiagramShowUnit,
        Scope::DiagramFocused,
        "diagram: unit's map on the canvas",
    ),
    scoped(
        &[k(NONE, Key::W)],
        Shortcut::DiagramWeights,
        Scope::DiagramFocused,
        "diagram: unit's weights",
    ),
    row(
        &[k(NONE, Key::Plus), k(NONE, Key::Equals)],
        Shortcut::ZoomIn,
        "zoom in",
    ),
    row(&[k(NONE, Key::Minus)], Shortcut::ZoomOut, "zoom out"),
    row(
        &[k(NONE, Key::F)],
        Shortcut::Fit,
        "fit the view to the data",
    ),
    row(&[k(SHIFT, Key::ArrowLeft)], Shortcut::PanLeft, "pan left"),
    row(
        &[k(SHIFT, Key::ArrowRight)],
        Shortcut::PanRight,
        "pan right",
    ),
    row(&[k(SHIFT, Key::ArrowUp)], Shortcut::PanUp, "pan up"),
    row(&[k(SHIFT, Key::ArrowDown)], Shortcut::PanDown, "pan down"),
    row(
        &[k(NONE, Key::A)],
        Shortcut::AddPoint,
        "add a point at the cursor",
    ),
    scoped(
        &[k(NONE, Key::Delete), k(NONE, Key::Backspace)],
        Shortcut::DeleteHovered,
        Scope::HoveredPoint,
        "delete the point under the cursor",
    ),
    row(
        &[k(NONE, Key::ArrowRight), k(NONE, Key::S)],
        Shortcut::Step,
        "one training step",
    ),
    row(&[k(NONE, Key::R)], Shortcut::Reset, "reset the weights"),
    row(
        &[k(NONE, Key::Num0)],
        Shortcut::Class(0),
        "class 0 for new points",
    ),
    row(
        &[k(NONE, Key::Num1)],
        Shortcut::Class(1),
        "class 1 for new points",
    ),
    row(
        &[k(NONE, Key::Num2)],
        Shortcut::Class(2),
        "class 2 for new points",
    ),
    row(
        &[k(NONE, Key::Num3)],
        Shortcut::Class(3),
        "class 3 for new points",
    ),
    row(
        &[k(NONE, Key::Num4)],
        Shortcut::Class(4),
        "class 4 for new points",
    ),
    row(
        &[k(NONE, Key::Num5)],
        Shortcut::Class(5),
        "class 5 for new points",
    ),
    row(
        &[k(NONE, Key::Num6)],
        Shortcut::Class(6),
        "class 6 for new points",
    ),
    row(
        &[k(NONE, Key::Num7)],
        Shortcut::Class(7),
        "class 7 for new points",
    ),
    row(
        &[k(NONE, Key::D)],
        Shortcut::ToggleDiagram,
        "network diagram",
    ),
    row(&[k(NONE, Key::E)], Shortcut::ToggleExplain, "explain mode"),
    row(&[k(NONE, Key::T)], Shortcut::ToggleTimeline, "timeline"),
    scoped(
        &[k(NONE, Key::CloseBracket)],
        Shortcut::ExplainNext,
        Scope::Explain,
        "explain: next point",
    ),
    scoped(
        &[k(NONE, Key::OpenBracket)],
        Shortcut::ExplainPrev,
        Scope::Explain,
        "explain: previous point",
    ),
    scoped(
        &[k(NONE, Key::P)],
        Shortcut::ExplainPin,
        Scope::Explain,
        "explain: pin the nearest point",
    ),
];

/// Mouse gestures and keys read elsewhere, for the help list: (what to do, what it does).
pub const GESTURES: &[(&str, &str)] = &[
    ("Space", "play / pause"),
    ("Space+drag", "pan"),
    ("Click", "add a point"),
    ("Drag", "move a point"),
    ("Right-click", "delete a point"),
    ("Scroll", "zoom at the cursor"),
    ("Middle-drag", "pan"),
    ("Double-click", "fit the view"),
    ("Tab", "focus the diagram"),
    ("Double-click a class", "rename it"),
];

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
        .join(" or ")
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
            .join(" or ");
        rows.push((keys, r.help.to_owned()));
    }
    rows.extend(
        GESTURES
            .iter()
            .map(|(k, w)| ((*k).to_owned(), (*w).to_owned())),
    );
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
