//! GFM tables: columns sized to their content, shrunk to fit the width, cells wrapped.

use super::styled::{Line, Role, Span, Style};
use super::wrap::wrap;

/// How a column's cells are aligned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    /// Left (the default).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A table's cells: rows of cells of spans; the first `header_rows` rows are the header.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Column alignments.
    pub aligns: Vec<Align>,
    /// Rows of cells.
    pub rows: Vec<Vec<Vec<Span>>>,
    /// How many leading rows are header rows.
    pub header_rows: usize,
}

fn border(text: &str) -> Span {
    Span::new(text, Style::role(Role::TableBorder))
}

impl Table {
    /// Draw the table in at most `width` columns.
    pub fn render(&self, width: usize) -> Vec<Line> {
        let cols = self
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(self.aligns.len());
        if cols == 0 {
            return Vec::new();
        }
        let frame = 3 * cols + 1;
        if width < frame + cols {
            return self.render_narrow(width);
        }
        let measure = |c: usize, of: fn(&[Span]) -> usize| {
            self.rows
                .iter()
                .filter_map(|row| row.get(c))
                .map(|cell| of(cell))
                .max()
                .unwrap_or(0)
                .max(1)
        };
        let natural: Vec<usize> = (0..cols).map(|c| measure(c, cell_width)).collect();
        let longest_word: Vec<usize> = (0..cols).map(|c| measure(c, longest_word)).collect();
        let widths = fit(&natural, &longest_word, width - frame);
        let rows: Vec<Vec<Line>> = self
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| self.row_lines(row, &widths, r < self.header_rows))
            .collect();
        // Rows taller than a line get separators, so cells of neighbouring rows do not blur.
        let separate = rows.iter().skip(self.header_rows).any(|r| r.len() > 1);
        let mut lines = vec![rule(&widths, "┌", "┬", "┐")];
        for (r, row_lines) in rows.into_iter().enumerate() {
            if r > 0 && (r == self.header_rows || separate) {
                lines.push(rule(&widths, "├", "┼", "┤"));
            }
            lines.extend(row_lines);
        }
        lines.push(rule(&widths, "└", "┴", "┘"));
        lines
    }

    fn row_lines(&self, row: &[Vec<Span>], widths: &[usize], header: bool) -> Vec<Line> {
        let cells: Vec<Vec<Vec<Span>>> = widths
            .iter()
            .enumerate()
            .map(|(c, &w)| {
                let mut spans = row.get(c).cloned().unwrap_or_default();
                if header {
                    for span in &mut spans {
                        if span.style.role == Role::Text {
                            span.style.role = Role::TableHeader;
                        }
                        span.style.bold = true;
                    }
                }
                wrap(&spans, w)
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        (0..height)
            .map(|i| {
                let mut spans = vec![border("│")];
                for (c, cell) in cells.iter().enumerate() {
                    let content = cell.get(i).cloned().unwrap_or_default();
                    let used: usize = content.iter().map(Span::width).sum();
                    let free = widths[c].saturating_sub(used);
                    let (left, right) = match self.aligns.get(c).copied().unwrap_or_default() {
                        Align::Left => (0, free),
                        Align::Right => (free, 0),
                        Align::Center => (free / 2, free - free / 2),
                    };
                    spans.push(Span::new(" ".repeat(left + 1), Style::default()));
                    spans.extend(content);
                    spans.push(Span::new(" ".repeat(right + 1), Style::default()));
                    spans.push(border("│"));
                }
                Line::new(spans)
            })
            .collect()
    }

    /// Too narrow for a grid: each row's cells on one wrapped line, separated by `│`.
    fn render_narrow(&self, width: usize) -> Vec<Line> {
        let mut lines = Vec::new();
        for row in &self.rows {
            let mut spans = Vec::new();
            for (c, cell) in row.iter().enumerate() {
                if c > 0 {
                    spans.push(border(" │ "));
                }
                spans.extend(cell.iter().cloned());
            }
            lines.extend(wrap(&spans, width).into_iter().map(Line::new));
        }
        lines
    }
}

fn rule(widths: &[usize], left: &str, mid: &str, right: &str) -> Line {
    let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
    Line::new(vec![border(&format!("{left}{}{right}", inner.join(mid)))])
}

fn cell_width(cell: &[Span]) -> usize {
    cell.iter().map(Span::width).sum()
}

fn longest_word(cell: &[Span]) -> usize {
    use unicode_width::UnicodeWidthStr;
    cell.iter()
        .flat_map(|s| s.text.split_whitespace())
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// Column widths that fit `available` columns: natural widths when they fit; else every
/// column gets its longest word (when all fit) and the rest of the room is shared in
/// proportion to how much more each column would like; else the widest are capped.
fn fit(natural: &[usize], longest_word: &[usize], available: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    let minimum: Vec<usize> = natural
        .iter()
        .zip(longest_word)
        .map(|(&n, &w)| w.min(n))
        .collect();
    let min_total: usize = minimum.iter().sum();
    if min_total > available {
        return cap(natural, available);
    }
    let spare = available - min_total;
    let wants: Vec<usize> = natural.iter().zip(&minimum).map(|(n, m)| n - m).collect();
    let total_want: usize = wants.iter().sum::<usize>().max(1);
    let mut widths: Vec<usize> = minimum
        .iter()
        .zip(&wants)
        .map(|(m, w)| m + w * spare / total_want)
        .collect();
    let mut left = available.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(natural) {
        if left > 0 && n > *w {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

/// Every column capped at the same limit, the narrow ones keeping their natural width.
fn cap(natural: &[usize], available: usize) -> Vec<usize> {
    let total = |cap: usize| natural.iter().map(|&n| n.min(cap)).sum::<usize>();
    let (mut lo, mut hi) = (1, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if total(mid) <= available {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural.iter().map(|&n| n.min(lo)).collect();
    let mut spare = available.saturating_sub(total(lo));
    for (w, &n) in widths.iter_mut().zip(natural) {
        if spare > 0 && n > *w {
            *w += 1;
            spare -= 1;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Vec<Span> {
        vec![Span::new(text, Style::default())]
    }

    fn table() -> Table {
        Table {
            aligns: vec![Align::Left, Align::Right],
            rows: vec![
                vec![cell("Channel"), cell("Share")],
                vec![cell("Search ads"), cell("40%")],
                vec![cell("Social"), cell("25%")],
            ],
            header_rows: 1,
        }
    }

    #[test]
    fn table_renders_a_grid_with_aligned_cells() {
        let lines: Vec<String> = table().render(40).iter().map(Line::plain).collect();
        assert_eq!(
            lines,
            [
                "┌────────────┬───────┐",
                "│ Channel    │ Share │",
                "├────────────┼───────┤",
                "│ Search ads │   40% │",
                "│ Social     │   25% │",
                "└────────────┴───────┘",
            ]
        );
    }

    #[test]
    fn table_shrinks_and_wraps_to_fit() {
        let lines = table().render(16);
        assert!(lines.iter().all(|l| l.width() <= 16), "{lines:?}");
        assert!(lines.len() > 6);
    }

    #[test]
    fn table_falls_back_when_too_narrow() {
        let lines = table().render(8);
        assert!(lines.iter().all(|l| l.width() <= 8));
        assert!(lines.iter().any(|l| l.plain().contains("Share")));
    }

    #[test]
    fn fit_keeps_words_whole_and_shares_the_rest() {
        assert_eq!(fit(&[5, 6], &[5, 6], 20), vec![5, 6]);
        // "Share of budget" (15, longest word 6) next to a long text column.
        assert_eq!(fit(&[15, 40], &[6, 9], 30), vec![10, 20]);
        // Words too long for the room: cap the widest.
        assert_eq!(fit(&[5, 30, 4], &[5, 30, 4], 20), vec![5, 11, 4]);
    }
}
