//! End-to-end checks of the public `render` API: heatmap, points, picture and PNG files.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::PathBuf;

use nnviz::data::{Bounds, LabeledPoint};
use nnviz::nn::grid::{GridPrediction, GridSpec};
use nnviz::render::{
    HeatmapStyle, Palette, RenderError, Rgba8Image, draw_legend, draw_points, encode_png, heatmap,
    heatmap_into, legend_names, picture_pixel, point_radius_for, render_picture, write_png,
};

/// Two-class prediction with P(class 1) = `f(col, row)`.
fn two_class(nx: usize, ny: usize, f: impl Fn(usize, usize) -> f32) -> GridPrediction {
    let mut probs = Vec::new();
    for row in 0..ny {
        for col in 0..nx {
            let p = f(col, row);
            probs.extend([1.0 - p, p]);
        }
    }
    GridPrediction {
        nx,
        ny,
        classes: 2,
        probs,
    }
}

fn rgb(img: &Rgba8Image, x: usize, y: usize) -> [u8; 3] {
    let [r, g, b, _] = img.get(x, y).expect("pixel in range");
    [r, g, b]
}

fn luma([r, g, b]: [u8; 3]) -> f32 {
    0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)
}

/// Distance in RGB between a pixel and a colour.
fn dist(a: [u8; 3], b: [u8; 3]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(&x, y)| (f32::from(x) - f32::from(y)).powi(2))
        .sum::<f32>()
        .sqrt()
}

/// A fresh, empty directory for one test.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnviz-render-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

#[test]
fn known_split_gives_class_colours_and_dark_boundary_column() {
    let pred = two_class(40, 20, |col, _| if col < 20 { 0.0 } else { 1.0 });
    let style = HeatmapStyle::default();
    let img = heatmap(&pred, &style);
    assert_eq!((img.width, img.height), (40, 20));
    let (c0, c1) = (style.palette.color(0), style.palette.color(1));
    for row in 0..20 {
        let (left, right) = (rgb(&img, 5, row), rgb(&img, 34, row));
        // Each side is nearer its own class colour than the other's.
        assert!(dist(left, c0) < dist(left, c1), "left {left:?}");
        assert!(dist(right, c1) < dist(right, c0), "right {right:?}");
        // The two columns at the split are the darkest of the row.
        let darkest = (0..40)
            .min_by(|&a, &b| luma(rgb(&img, a, row)).total_cmp(&luma(rgb(&img, b, row))))
            .unwrap_or(0);
        assert!(darkest == 19 || darkest == 20, "darkest column {darkest}");
        assert!(luma(rgb(&img, 19, row)) < luma(left) - 60.0);
        assert!(luma(rgb(&img, 20, row)) < luma(right) - 40.0);
    }
}

#[test]
fn half_confidence_everywhere_is_neutral() {
    let pred = two_class(30, 30, |_, _| 0.5);
    let style = HeatmapStyle::default();
    let img = heatmap(&pred, &style);
    let bg = style.palette.background;
    for (x, y) in [(0, 0), (15, 15), (29, 3), (7, 29)] {
        assert!(dist(rgb(&img, x, y), bg) < 4.0, "{:?}", rgb(&img, x, y));
    }
    // Neutral means light and unsaturated.
    let [r, g, b] = rgb(&img, 10, 10);
    assert!(luma([r, g, b]) > 200.0);
    assert!(r.max(g).max(b) - r.min(g).min(b) < 16);
}

#[test]
fn heatmap_into_matches_heatmap_and_resizes() {
    let style = HeatmapStyle::default();
    let small = two_class(5, 4, |c, r| (c * r) as f32 / 12.0);
    let large = two_class(50, 30, |c, _| c as f32 / 49.0);
    let mut out = Rgba8Image::new(1, 1, [0; 4]);
    heatmap_into(&large, &style, &mut out);
    assert_eq!(out, heatmap(&large, &style));
    heatmap_into(&small, &style, &mut out);
    assert_eq!(out, heatmap(&small, &style));
    assert_eq!(out.pixels.len(), 5 * 4 * 4);
}

#[test]
fn point_at_known_data_position_colours_that_pixel() {
    let bounds = Bounds {
        x_min: 0.0,
        x_max: 10.0,
        y_min: 0.0,
        y_max: 10.0,
    };
    let grid = GridSpec::linspace(&bounds, 101, 101);
    let pred = two_class(101, 101, |_, _| 0.0);
    let style = HeatmapStyle::default();
    // x = 2.5 → col 25; y = 7.0 → row (10 - 7) / 0.1 = 30.
    let img = render_picture(&pred, &grid, &[LabeledPoint::new(2.5, 7.0, 1)], &style);
    assert_eq!(rgb(&img, 25, 30), style.palette.color(1));
    // Row counts from the top: the mirrored position is untouched.
    assert_ne!(rgb(&img, 25, 70), style.palette.color(1));
}

#[test]
fn test_points_are_hollow() {
    let palette = Palette::default();
    let mut img = Rgba8Image::new(60, 60, [240, 240, 240, 255]);
    let train = LabeledPoint::new(15.5, 30.5, 1);
    let test = LabeledPoint {
        pos_in_data: [45.5, 30.5],
        class: 1,
        test: true,
        value: 0.0,
    };
    draw_points(
        &mut img,
        &[train, test],
        |p| [p[0] as f32, p[1] as f32],
        9.0,
        &palette,
    );
    assert_eq!(rgb(&img, 15, 30), palette.color(1), "train point is filled");
    assert_ne!(
        rgb(&img, 45, 30),
        palette.color(1),
        "test point centre is not filled"
    );
    assert_eq!(rgb(&img, 45, 30), [240, 240, 240]);
    // Its ring is in the class colour.
    assert!((36..45).any(|x| rgb(&img, x, 30) == palette.color(1)));
}

#[test]
fn out_of_range_points_do_not_panic() {
    let palette = Palette::grayscale();
    let mut img = Rgba8Image::new(20, 20, [0, 0, 0, 255]);
    let before = img.clone();
    let points: Vec<_> = [
        [-1e300, 0.0],
        [0.0, 1e300],
        [f64::NAN, f64::NAN],
        [f64::INFINITY, 3.0],
        [-50.0, -50.0],
        [500.0, 10.0],
    ]
    .into_iter()
    .map(|pos_in_data| LabeledPoint {
        pos_in_data,
        class: 99,
        test: false,
        value: 0.0,
    })
    .collect();
    draw_points(
        &mut img,
        &points,
        |p| [p[0] as f32, p[1] as f32],
        4.0,
        &palette,
    );
    assert_eq!(img, before);
    // Same through the picture path with a grid that maps everything far away.
    let grid = GridSpec {
        nx: 20,
        ny: 20,
        x0: 0.0,
        dx: 1e-300,
        y0: 0.0,
        dy: -1e-300,
    };
    let pred = two_class(20, 20, |_, _| 1.0);
    let _ = render_picture(&pred, &grid, &points, &HeatmapStyle::default());
}

#[test]
fn png_round_trip_keeps_pixels() {
    let bounds = Bounds {
        x_min: -1.0,
        x_max: 1.0,
        y_min: -1.0,
        y_max: 1.0,
    };
    let grid = GridSpec::cell_centers(&bounds, 64, 48);
    let pred = two_class(64, 48, |c, r| {
        ((c as f32 - 30.0) * 0.2 + (r as f32 - 20.0) * 0.1).tanh() * 0.5 + 0.5
    });
    let mut img = render_picture(
        &pred,
        &grid,
        &[LabeledPoint::new(0.0, 0.0, 0)],
        &HeatmapStyle::default(),
    );
    img.put(0, 0, [1, 2, 3, 77]); // a translucent pixel survives too
    let bytes = encode_png(&img).expect("encodes");
    let decoded = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("decodes")
        .into_rgba8();
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
    assert_eq!(decoded.as_raw(), &img.pixels);
}

#[test]
fn atomic_write_replaces_previous_file_and_leaves_no_temp() {
    let dir = scratch_dir("atomic");
    let path = dir.join("picture.png");
    fs::write(&path, b"old contents").expect("seed old file");
    let img = Rgba8Image::new(7, 5, [10, 20, 30, 255]);
    write_png(&path, &img).expect("writes");
    let bytes = fs::read(&path).expect("reads back");
    assert_eq!(bytes, encode_png(&img).expect("encodes"));
    // Overwrite again with a different picture.
    let img2 = Rgba8Image::new(3, 3, [200, 0, 0, 255]);
    write_png(&path, &img2).expect("rewrites");
    let decoded = image::open(&path).expect("opens").into_rgba8();
    assert_eq!(decoded.as_raw(), &img2.pixels);
    let names: Vec<_> = fs::read_dir(&dir)
        .expect("lists dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("picture.png")]);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn failed_write_names_the_path_and_keeps_nothing() {
    let dir = scratch_dir("missing");
    let path = dir.join("no_such_subdir").join("out.png");
    let err = write_png(&path, &Rgba8Image::new(2, 2, [0; 4])).expect_err("must fail");
    assert!(matches!(err, RenderError::Io { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(!path.exists());
    assert_eq!(fs::read_dir(&dir).expect("lists dir").count(), 0);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn invalid_image_is_rejected_before_touching_the_file() {
    let dir = scratch_dir("invalid");
    let path = dir.join("keep.png");
    fs::write(&path, b"precious").expect("seed");
    let mut img = Rgba8Image::new(4, 4, [0; 4]);
    img.pixels.truncate(3);
    assert!(write_png(&path, &img).is_err());
    assert_eq!(fs::read(&path).expect("reads"), b"precious");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_legend_covers_none_of_the_tutorials_points() {
    // The tutorial's 8 points in the CLI's view [0, 7] × [-2, 9].
    let points = nnviz::data::Dataset::seed().points;
    let bounds = Bounds {
        x_min: 0.0,
        x_max: 7.0,
        y_min: -2.0,
        y_max: 9.0,
    };
    let style = HeatmapStyle::default();
    let names = legend_names(&[], 2);
    for size in [128, 256, 300, 512, 1000] {
        let grid = GridSpec::linspace(&bounds, size, size);
        let pred = two_class(size, size, |col, _| if col < size / 2 { 0.1 } else { 0.9 });
        let plain = render_picture(&pred, &grid, &points, &style);
        let mut with = plain.clone();
        let centres: Vec<_> = points
            .iter()
            .map(|p| picture_pixel(&grid, size, size, p.pos_in_data))
            .collect();
        let radius = point_radius_for(size, size);
        let card = draw_legend(&mut with, &names, &style.palette, &centres, radius);
        // A free corner exists here: the picture keeps its size.
        assert_eq!((with.width, with.height), (size, size), "size {size}");
        // The old place, the top-left corner (the margin is the card's top), would have
        // hidden point (1, 8).
        let top_left = nnviz::render::PixelRect { x: card.y, ..card };
        assert!(
            top_left.touches_disc(centres[2], radius),
            "size {size}: {top_left:?} misses (1, 8) at {:?}",
            centres[2]
        );
        for (p, &[cx, cy]) in points.iter().zip(&centres) {
            // The point's pixel (and its disc) are outside the card ...
            let (px, py) = (cx as usize, cy as usize);
            let inside = (card.x..card.x + card.width).contains(&px)
                && (card.y..card.y + card.height).contains(&py);
            assert!(
                !inside,
                "size {size}: {:?} is under the legend",
                p.pos_in_data
            );
            assert!(!card.touches_disc([cx, cy], radius), "size {size}: {p:?}");
            // ... and every pixel of its disc looks as it did without a legend.
            let r = radius.ceil() as i64;
            for dy in -r..=r {
                for dx in -r..=r {
                    let (x, y) = (px as i64 + dx, py as i64 + dy);
                    if x < 0 || y < 0 || x >= size as i64 || y >= size as i64 {
                        continue;
                    }
                    let (x, y) = (x as usize, y as usize);
                    assert_eq!(
                        with.get(x, y),
                        plain.get(x, y),
                        "size {size}: the legend drew over {:?} at ({x}, {y})",
                        p.pos_in_data
                    );
                }
            }
        }
    }
}
