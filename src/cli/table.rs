//! Aligned plain-text tables for the terminal. Widths are display COLUMNS
//! (Unicode East Asian width: a CJK character counts as 2), not bytes or
//! characters.

use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The display width of `s` in terminal columns (CJK and full-width
/// characters count 2, combining marks 0).
///
/// ```text
/// width("腾讯") == 4, width("abc") == 3
/// ```
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Writes `header` and `rows` as columns separated by two spaces, each
/// column padded to its widest cell (in display columns), with a line of
/// `-` under the header. The last column is not padded. Line breaks and tabs
/// inside a cell are shown as `\n` and `\t` so that one row stays one line.
///
/// Errors: those of `w`.
pub fn write_table(w: &mut dyn Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let clean = |s: &str| {
        s.replace('\n', "\\n")
            .replace('\t', "\\t")
            .replace('\r', "\\r")
    };
    let header: Vec<String> = header.iter().map(|h| clean(h)).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(width(cell));
            }
        }
    }
    let line = |w: &mut dyn Write, cells: &[String]| -> io::Result<()> {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(width(cell));
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(w, "{}", out.trim_end())
    };
    line(w, &header)?;
    let rule: Vec<String> = widths.iter().map(|&n| "-".repeat(n.max(1))).collect();
    line(w, &rule)?;
    for row in &rows {
        line(w, row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_two_columns() {
        assert_eq!(width("腾讯"), 4);
        assert_eq!(width("两江新区（重庆）"), 16);
        assert_eq!(width("CS75PLUS"), 8);
    }

    #[test]
    fn columns_align_on_display_width() {
        let mut out = Vec::new();
        let header = vec!["company".to_owned(), "n".to_owned()];
        let rows = vec![
            vec!["腾讯".to_owned(), "1".to_owned()],
            vec!["敏华实业有限公司".to_owned(), "12".to_owned()],
        ];
        write_table(&mut out, &header, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "company           n");
        assert_eq!(lines[1], "----------------  --");
        assert_eq!(lines[2], "腾讯              1");
        assert_eq!(lines[3], "敏华实业有限公司  12");
        // The second column starts at the same display column in every row.
        for l in &lines {
            let first = l.split("  ").next().unwrap();
            assert!(width(first) <= 16, "{l}");
        }
    }

    #[test]
    fn line_breaks_in_cells_stay_on_one_line() {
        let mut out = Vec::new();
        let header = vec!["s".to_owned()];
        write_table(&mut out, &header, &[vec!["重庆\n日报".to_owned()]]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "s\n----------\n重庆\\n日报\n"
        );
    }
}
