//! TF Playground's toggles through the UI (issue 13, egui_kittest): Discretize output reaches
//! the worker, which renders its heatmaps with it; Show test points changes what the canvas
//! draws and what it can grab; hovering a unit in the diagram previews its map on the canvas.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::{Key, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::data::{Dataset, LabeledPoint};
use nnviz::render::{HeatmapStyle, heatmap};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{click_at, harness, key_with, screen_of, wait_until};

fn paused() -> PersistedState {
    PersistedState {
        running: false,
        ..PersistedState::tutorial()
    }
}

/// Whether the newest heatmap was computed after every command sent so far and its image is
/// `style`'s rendering of its own prediction.
fn heatmap_rendered_with(app: &NnvizApp, style: &HeatmapStyle) -> bool {
    let Some(f) = app.heatmap() else {
        return false;
    };
    app.last_command_seq().is_none_or(|s| f.applied_seq >= s)
        && !f.preview
        && f.image == heatmap(&f.prediction, style)
}

/// Opens View and clicks the entry labelled `label`, then lets a frame pass.
fn view_menu_click(h: &mut Harness<'_, NnvizApp>, label: &str) {
    // The menu bar's View (the side panel has a section of that name too).
    h.query_all_by_label("View")
        .next()
        .expect("the View menu")
        .click();
    h.run_steps(2);
    h.get_by_label(label).click();
    h.run_steps(2);
    // Close the menu again.
    h.key_press(Key::Escape);
    h.run_steps(1);
}

#[test]
fn discretize_output_reaches_the_worker_from_the_menu_and_the_key() {
    let mut h = harness(paused());
    let shaded = HeatmapStyle::default();
    let discrete = HeatmapStyle {
        discretize: true,
        ..HeatmapStyle::default()
    };
    wait_until(&mut h, "a shaded heatmap", |a| {
        heatmap_rendered_with(a, &shaded)
    });
    // The first heatmap of the untrained tutorial is not all sure: shading shows.
    let f = h.state().heatmap().unwrap();
    assert_ne!(f.image, heatmap(&f.prediction, &discrete));
    assert!(!h.state().persisted().view_settings.discretize);

    view_menu_click(&mut h, "Discretize output");
    assert!(h.state().persisted().view_settings.discretize);
    wait_until(&mut h, "a discretized heatmap", |a| {
        heatmap_rendered_with(a, &discrete)
    });

    // Shift+D turns it off again.
    key_with(&mut h, Modifiers::SHIFT, Key::D);
    h.run_steps(1);
    assert!(!h.state().persisted().view_settings.discretize);
    wait_until(&mut h, "a shaded heatmap again", |a| {
        heatmap_rendered_with(a, &shaded)
    });
    // Plain D still toggles the diagram, not this.
    let open = h.state().inside().diagram_open();
    h.key_press(Key::D);
    h.run_steps(1);
    assert_ne!(h.state().inside().diagram_open(), open);
    assert!(!h.state().persisted().view_settings.discretize);
}

#[test]
fn a_discretized_state_is_sent_to_a_new_worker() {
    let mut state = paused();
    state.view_settings.discretize = true;
    let mut h = harness(state);
    let discrete = HeatmapStyle {
        discretize: true,
        ..HeatmapStyle::default()
    };
    wait_until(&mut h, "a discretized heatmap", |a| {
        heatmap_rendered_with(a, &discrete)
    });
}

/// The seed points with the first three held out for testing.
fn with_test_points() -> PersistedState {
    let mut dataset = Dataset::seed();
    for p in dataset.points.iter_mut().take(3) {
        p.test = true;
    }
    PersistedState {
        dataset,
        ..paused()
    }
}

/// Vertices of the meshes painted inside the canvas's plot but the heatmap's (the points:
/// one quad each).
fn point_vertices(h: &Harness<'_, NnvizApp>) -> usize {
    let plot = h.state().canvas().plot_rect().unwrap();
    let b = h.state().heatmap().unwrap().bounds;
    let image = egui::Rect::from_two_pos(
        screen_of(h, [b.x_min, b.y_max]),
        screen_of(h, [b.x_max, b.y_min]),
    );
    let is_image =
        |r: egui::Rect| (r.min - image.min).length() + (r.max - image.max).length() < 1.0;
    h.output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Mesh(m) => Some(m.calc_bounds()).zip(Some(m.vertices.len())),
            _ => None,
        })
        .filter(|&(r, _)| plot.contains_rect(r) && !is_image(r))
        .map(|(_, n)| n)
        .sum()
}

#[test]
fn hidden_test_points_are_not_drawn_nor_grabbed() {
    let mut h = harness(with_test_points());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    // Move the cursor off the canvas: no point is highlighted (drawn apart).
    h.hover_at(egui::pos2(2.0, 2.0));
    h.run_steps(2);
    assert_eq!(point_vertices(&h), 8 * 4, "all 8 points, one quad each");
    let first: &LabeledPoint = &h.state().dataset().points[0];
    assert!(first.test);
    let at = screen_of(&h, first.pos_in_data);
    h.hover_at(at);
    h.run_steps(2);
    assert_eq!(h.state().canvas().hovered_point(), Some(0));

    // Hidden with the cursor resting on it: it is no longer hovered.
    key_with(&mut h, Modifiers::SHIFT, Key::T);
    h.run_steps(1);
    assert_eq!(h.state().canvas().hovered_point(), None);
    key_with(&mut h, Modifiers::SHIFT, Key::T);
    h.run_steps(1);
    assert_eq!(h.state().canvas().hovered_point(), Some(0));

    view_menu_click(&mut h, "Show test points");
    assert!(!h.state().persisted().view_settings.show_test_points);
    h.hover_at(egui::pos2(2.0, 2.0));
    h.run_steps(2);
    assert_eq!(point_vertices(&h), 5 * 4, "the 5 training points only");
    // A hidden test point cannot be hovered or removed.
    h.hover_at(at);
    h.run_steps(2);
    assert_eq!(h.state().canvas().hovered_point(), None);
    click_at(&mut h, at, PointerButton::Secondary);
    assert_eq!(h.state().dataset().points.len(), 8);

    // Shift+T shows them again.
    key_with(&mut h, Modifiers::SHIFT, Key::T);
    h.hover_at(egui::pos2(2.0, 2.0));
    h.run_steps(2);
    assert!(h.state().persisted().view_settings.show_test_points);
    assert_eq!(point_vertices(&h), 8 * 4);
}

/// Waits until the diagram is drawn with unit maps.
fn diagram_ready(h: &mut Harness<'_, NnvizApp>) {
    wait_until(h, "the diagram", |a| {
        a.diagram_node_pos(1, 0).is_some() && a.heatmap().is_some_and(|f| f.unit_maps.is_some())
    });
    h.run_steps(2);
}

fn unit_image_of(app: &NnvizApp) -> Option<(usize, usize)> {
    app.heatmap()
        .and_then(|f| f.unit_image.as_ref())
        .map(|u| (u.layer, u.unit))
}

#[test]
fn hovering_a_unit_previews_its_map_and_leaving_restores() {
    let mut h = harness(paused());
    diagram_ready(&mut h);
    let pos = h.state().diagram_node_pos(1, 2).unwrap();
    h.hover_at(pos);
    h.run_steps(2);
    assert_eq!(h.state().inside().shown_unit(), Some((1, 2)));
    assert_eq!(h.state().selected_unit(), None, "hovering keeps nothing");
    wait_until(&mut h, "the hovered unit's map", |a| {
        unit_image_of(a) == Some((1, 2))
    });
    h.run_steps(2);
    h.get_by_label_contains("click it in the diagram to keep it");
    // Staying on the unit sends nothing more.
    let seq = h.state().last_command_seq();
    h.run_steps(5);
    assert_eq!(h.state().last_command_seq(), seq);

    // Leaving the unit: the worker stops computing its map, the classes come back.
    h.hover_at(egui::pos2(2.0, 2.0));
    h.run_steps(2);
    assert_eq!(h.state().inside().shown_unit(), None);
    wait_until(&mut h, "the map to go", |a| unit_image_of(a).is_none());
    h.run_steps(2);
    assert!(h.query_by_label_contains("Showing unit").is_none());

    // A click keeps it, also after the cursor leaves.
    click_at(&mut h, pos, PointerButton::Primary);
    assert_eq!(h.state().selected_unit(), Some((1, 2)));
    h.hover_at(egui::pos2(2.0, 2.0));
    h.run_steps(2);
    wait_until(&mut h, "the kept unit's map", |a| {
        unit_image_of(a) == Some((1, 2))
    });
    h.run_steps(2);
    h.get_by_label_contains("click it again in the diagram to go back");
    // Hovering another unit previews that one; leaving shows the kept one again.
    let other = h.state().diagram_node_pos(1, 0).unwrap();
    h.hover_at(other);
    h.run_steps(2);
    wait_until(&mut h, "the other unit's map", |a| {
        unit_image_of(a) == Some((1, 0))
    });
    h.hover_at(egui::pos2(2.0, 2.0));
    h.run_steps(2);
    wait_until(&mut h, "the kept unit's map again", |a| {
        unit_image_of(a) == Some((1, 2))
    });
    assert_eq!(h.state().selected_unit(), Some((1, 2)));
}
