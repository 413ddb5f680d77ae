//! A report, and a period's stories, as CSV that opens in a spreadsheet: the same figures as
//! the page, each share a percentage to one decimal, and no cell a spreadsheet would run as a
//! formula.

use super::{Figures, Report};
use crate::domain::story::Channel;

/// A share (0 to 1) as the page writes it, a percentage to one decimal.
pub fn percent(share: Option<f64>) -> String {
    share.map(|s| format!("{:.1}", s * 100.0)).unwrap_or_default()
}

fn hours(value: Option<f64>) -> String {
    value.map(|h| format!("{h:.1}")).unwrap_or_default()
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or return
/// before one) is written as text, behind an apostrophe, as OWASP advises.
pub fn neutralised(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

/// Writes rows, every cell neutralised; rows of a section may be of any length.
pub struct CsvSheet {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for CsvSheet {
    fn default() -> Self {
        CsvSheet { writer: csv::WriterBuilder::new().flexible(true).from_writer(Vec::new()) }
    }
}

impl CsvSheet {
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells.into_iter().map(|c| neutralised(c.as_ref())).collect();
        // Writing to memory fails only on a row of no cells at all, which reads as a blank line.
        if self.writer.write_record(&cells).is_err() {
            let _ = self.writer.write_record([""]);
        }
    }

    /// The sheet, with a byte-order mark so that a spreadsheet reads it as UTF-8.
    pub fn finish(self) -> Vec<u8> {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(self.writer.into_inner().unwrap_or_default());
        bytes
    }
}

/// The columns of a row of figures, after the service and the month.
pub fn figure_headings() -> Vec<String> {
    let mut headings: Vec<String> =
        ["told", "published", "rejected", "withdrawn"].into_iter().map(String::from).collect();
    headings.extend(Channel::ALL.iter().map(|c| format!("told_{}", c.code())));
    headings.extend(
        [
            "on_behalf",
            "on_behalf_percent",
            "over_guidance",
            "answered",
            "response_rate_percent",
            "median_hours_to_first_answer",
            "p90_hours_to_first_answer",
            "changes_planned",
            "changes_made",
        ]
        .into_iter()
        .map(String::from),
    );
    headings.extend((0..=5).map(|level| format!("criticality_{level}")));
    headings
}

fn figure_cells(figures: &Figures) -> Vec<String> {
    let count = |n: usize| n.to_string();
    let mut cells =
        vec![count(figures.told), count(figures.published), count(figures.rejected), count(figures.withdrawn)];
    cells.extend(Channel::ALL.iter().map(|c| count(figures.by_channel.get(c.code()).copied().unwrap_or_default())));
    cells.extend([
        count(figures.on_behalf),
        percent(figures.assisted_share),
        if figures.over_guidance { "yes" } else { "no" }.into(),
        count(figures.answered),
        percent(figures.response_rate),
        hours(figures.median_hours_to_first_answer),
        hours(figures.p90_hours_to_first_answer),
        count(figures.changes_planned),
        count(figures.changes_made),
    ]);
    cells.extend((0..=5).map(|level| count(figures.criticality.get(&level.to_string()).copied().unwrap_or_default())));
    cells
}

/// The report: a row per service (the report's own, then each under it) and month, and one
/// for the period; then the links' funnel; then the tags.
pub fn report_csv(report: &Report) -> Vec<u8> {
    let mut sheet = CsvSheet::default();
    let mut headings = vec!["service_id".to_owned(), "service".into(), "month".into()];
    headings.extend(figure_headings());
    sheet.row(&headings);
    let own = std::iter::once((report.service_id, &report.service_name, &report.months, &report.total));
    let children = report.children.iter().map(|c| (c.service_id, &c.name, &c.months, &c.total));
    for (id, name, months, total) in own.chain(children) {
        let period = format!("{} to {}", report.from, report.to);
        let rows = months.iter().map(|m| (m.month.to_string(), &m.figures)).chain([(period, total)]);
        for (month, figures) in rows {
            let mut cells = vec![id.to_string(), name.clone(), month];
            cells.extend(figure_cells(figures));
            sheet.row(cells);
        }
    }
    sheet.row([""]);
    sheet.row(["link", "opened", "told"]);
    for link in &report.links {
        sheet.row([link.slug.clone(), link.opened.to_string(), link.told.to_string()]);
    }
    sheet.row([""]);
    sheet.row(["tag", "told"]);
    for (tag, told) in &report.total.tags {
        sheet.row([tag.clone(), told.to_string()]);
    }
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_written_as_text_and_a_plain_cell_as_it_is() {
        for formula in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralised(formula), format!("'{formula}"));
        }
        assert_eq!(neutralised("Ward 7 = good"), "Ward 7 = good");
        let mut sheet = CsvSheet::default();
        sheet.row(["=cmd|' /C calc'!A0", "a, \"quoted\" cell"]);
        let text = String::from_utf8(sheet.finish()).unwrap();
        assert_eq!(text, "\u{feff}'=cmd|' /C calc'!A0,\"a, \"\"quoted\"\" cell\"\n");
    }
}
