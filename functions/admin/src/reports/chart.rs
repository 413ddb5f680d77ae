//! Bar charts drawn on the server: the geometry of an SVG that the report's template writes
//! out, with the same numbers as a table beside it for whoever cannot see the picture.

/// The drawing's size in SVG units; it scales to the page's width.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 28.0;
/// The most category labels an axis writes before it skips some.
const MOST_LABELS: usize = 12;

/// What a chart's values are, so that its axis and its table write them as people read them.
#[derive(Clone, Copy)]
pub enum Scale {
    Count,
    /// Shares from 0 to 1, written as percentages.
    Percent,
}

impl Scale {
    pub fn write(self, value: f64) -> String {
        match self {
            Scale::Count => format!("{value:.0}"),
            Scale::Percent => format!("{:.1}%", value * 100.0),
        }
    }

    /// An axis's label: its steps are whole, so no decimals to crowd the margin.
    fn tick(self, value: f64) -> String {
        match self {
            Scale::Count => format!("{value:.0}"),
            Scale::Percent => format!("{:.0}%", value * 100.0),
        }
    }
}

/// One set of values of a chart, one per category (none where there is nothing to show).
pub struct Series {
    pub name: String,
    /// The CSS class that colours its bars.
    pub class: &'static str,
    pub values: Vec<Option<f64>>,
}

pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub class: &'static str,
    pub title: String,
}

pub struct Tick {
    pub y: f64,
    pub label: String,
}

pub struct AxisLabel {
    pub x: f64,
    pub label: String,
}

pub struct LegendEntry {
    pub x: f64,
    pub class: &'static str,
    pub name: String,
}

/// One row of the chart's table.
pub struct TableRow {
    pub category: String,
    pub cells: Vec<String>,
}

pub struct BarChart {
    pub id: &'static str,
    pub title: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub baseline: f64,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub labels: Vec<AxisLabel>,
    pub legend: Vec<LegendEntry>,
    /// The table's headings after the category's: the series' names.
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    pub category_heading: String,
}

fn tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The top of a count axis: the highest value rounded up to a step of 1, 2 or 5 times a power
/// of ten, in four steps.
fn count_axis(highest: f64) -> (f64, f64) {
    let rough = (highest / 4.0).max(1.0);
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(rough);
    (step * 4.0, step)
}

impl BarChart {
    /// Categories along the bottom (`short` on the axis, `long` in the table), each with a
    /// bar per series side by side.
    pub fn new(
        id: &'static str,
        title: String,
        category_heading: String,
        categories: Vec<(String, String)>,
        series: Vec<Series>,
        scale: Scale,
    ) -> BarChart {
        let highest = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0f64, |a, b| a.max(*b));
        let (top, step) = match scale {
            Scale::Count => count_axis(highest),
            Scale::Percent => (1.0, 0.25),
        };
        let plot_height = HEIGHT - TOP - BOTTOM;
        let baseline = HEIGHT - BOTTOM;
        let y_of = |value: f64| baseline - value / top * plot_height;
        let slot = (WIDTH - LEFT - RIGHT) / categories.len().max(1) as f64;
        let bar_width = slot * 0.8 / series.len().max(1) as f64;
        let every = categories.len().div_ceil(MOST_LABELS).max(1);
        let mut bars = Vec::new();
        let mut labels = Vec::new();
        for (i, (short, long)) in categories.iter().enumerate() {
            let start = LEFT + slot * i as f64 + slot * 0.1;
            for (j, s) in series.iter().enumerate() {
                let Some(value) = s.values.get(i).copied().flatten() else { continue };
                let y = y_of(value);
                bars.push(Bar {
                    x: tenth(start + bar_width * j as f64),
                    y: tenth(y),
                    width: tenth(bar_width),
                    height: tenth(baseline - y),
                    class: s.class,
                    title: format!("{long}, {}: {}", s.name.to_lowercase(), scale.write(value)),
                });
            }
            if i % every == 0 {
                labels.push(AxisLabel { x: tenth(LEFT + slot * (i as f64 + 0.5)), label: short.clone() });
            }
        }
        let ticks = (0..=4)
            .map(|k| k as f64 * step)
            .map(|value| Tick { y: tenth(y_of(value)), label: scale.tick(value) })
            .collect();
        let legend = if series.len() > 1 {
            series
                .iter()
                .enumerate()
                .map(|(j, s)| LegendEntry { x: LEFT + 130.0 * j as f64, class: s.class, name: s.name.clone() })
                .collect()
        } else {
            vec![]
        };
        let rows = categories
            .into_iter()
            .enumerate()
            .map(|(i, (_, long))| TableRow {
                category: long,
                cells: series
                    .iter()
                    .map(|s| s.values.get(i).copied().flatten().map(|v| scale.write(v)).unwrap_or_else(|| "–".into()))
                    .collect(),
            })
            .collect();
        BarChart {
            id,
            title,
            width: WIDTH,
            height: HEIGHT,
            left: LEFT,
            right: WIDTH - RIGHT,
            baseline,
            bars,
            ticks,
            labels,
            legend,
            columns: series.iter().map(|s| s.name.clone()).collect(),
            rows,
            category_heading,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(n: usize) -> Vec<(String, String)> {
        (0..n).map(|i| (format!("c{i}"), format!("category {i}"))).collect()
    }

    #[test]
    fn bars_stand_on_the_baseline_in_proportion_and_the_axis_covers_the_highest() {
        let series = vec![Series { name: "Told".into(), class: "bar-told", values: vec![Some(3.0), Some(7.0), None] }];
        let chart = BarChart::new("c", "Told".into(), "Month".into(), categories(3), series, Scale::Count);
        assert_eq!(chart.bars.len(), 2, "nothing to show draws no bar");
        for bar in &chart.bars {
            assert!((bar.y + bar.height - chart.baseline).abs() < 0.2, "on the baseline");
        }
        assert!((chart.bars[1].height / chart.bars[0].height - 7.0 / 3.0).abs() < 0.01);
        assert_eq!(chart.ticks.last().unwrap().label, "8", "an axis of 0, 2, 4, 6, 8");
        assert_eq!(chart.rows[2].cells, ["–"]);
        assert_eq!(chart.bars[1].title, "category 1, told: 7");
    }

    #[test]
    fn shares_are_percentages_on_a_full_axis_and_long_axes_skip_labels() {
        let values = (0..36).map(|i| Some(i as f64 / 36.0)).collect();
        let series = vec![Series { name: "Answered".into(), class: "bar-answered", values }];
        let chart = BarChart::new("r", "Rate".into(), "Month".into(), categories(36), series, Scale::Percent);
        assert_eq!(chart.ticks.last().unwrap().label, "100%");
        assert!(chart.labels.len() <= MOST_LABELS);
        assert_eq!(chart.rows[18].cells, ["50.0%"]);
    }
}
