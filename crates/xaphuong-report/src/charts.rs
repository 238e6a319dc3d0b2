//! Small charts drawn on the server as SVG: a picture where it says a
//! figure faster than a table, readable without scripts and described for
//! screen readers.

/// Escapes text put inside the SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Hundredths of a percent as a Vietnamese figure: 10864 → "108,64".
fn pct(h: i64) -> String {
    format!("{},{:02}", h / 100, (h % 100).abs())
}

/// An indicator's progress: a bar of `done` (hundredths of a percent of
/// its target, drawn up to 150%) with a mark at the share of the year
/// elapsed (`elapsed`, thousandths). `late` colours it as behind.
pub fn progress(label: &str, done: Option<i64>, elapsed: i64, late: bool) -> String {
    const WIDTH: i64 = 200;
    // 150% fills the bar: 100% sits at two thirds.
    let x = |hundredths: i64| (hundredths.clamp(0, 15_000) * WIDTH) / 15_000;
    let mark = x(elapsed.clamp(0, 1000) * 10);
    let full = x(10_000);
    let (width, said) = match done {
        Some(d) => (x(d), format!("{}% chỉ tiêu", pct(d))),
        None => (0, "chưa có số liệu".to_owned()),
    };
    let colour = if late { "#b3261e" } else { "#1b6e3a" };
    format!(
        "<svg class=\"progress\" width=\"{w}\" height=\"16\" viewBox=\"0 0 {w} 16\" role=\"img\" \
         aria-label=\"{label}: {said}; đã qua {year}% thời gian của năm\">\
         <rect x=\"0\" y=\"3\" width=\"{WIDTH}\" height=\"10\" fill=\"#e8edf3\"/>\
         <rect x=\"0\" y=\"3\" width=\"{width}\" height=\"10\" fill=\"{colour}\"/>\
         <line x1=\"{full}\" y1=\"0\" x2=\"{full}\" y2=\"16\" stroke=\"#000\" stroke-width=\"1\"/>\
         <line x1=\"{mark}\" y1=\"0\" x2=\"{mark}\" y2=\"16\" stroke=\"#44617b\" stroke-width=\"2\" stroke-dasharray=\"2 2\"/></svg>",
        w = WIDTH + 4,
        label = esc(label),
        year = elapsed.clamp(0, 1000) / 10,
    )
}

/// Dossiers received month by month (bars, January to December) and the
/// share resolved on time (a dot per month with dossiers resolved, its
/// height the rate). `months` holds (received, on-time hundredths).
pub fn monthly(title: &str, months: &[(i64, Option<i64>)]) -> String {
    const H: i64 = 80;
    const BAR: i64 = 18;
    const GAP: i64 = 6;
    let top = months.iter().map(|(n, _)| *n).max().unwrap_or(0).max(1);
    let mut bars = String::new();
    let mut said = Vec::new();
    for (i, (n, rate)) in months.iter().enumerate() {
        let i = i as i64;
        let x = i * (BAR + GAP);
        let h = n * H / top;
        bars.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"{BAR}\" height=\"{h}\" fill=\"#8fb3d9\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\">{}</text>",
            H - h,
            x + BAR / 2,
            H + 11,
            i + 1
        ));
        let mut month = format!("tháng {}: {n} hồ sơ", i + 1);
        if let Some(r) = rate {
            let y = H - ((*r).clamp(0, 10_000) * H / 10_000);
            bars.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{y}\" r=\"3\" fill=\"#1b6e3a\"/>",
                x + BAR / 2
            ));
            month.push_str(&format!(", {}% đúng hạn", pct(*r)));
        }
        said.push(month);
    }
    let w = months.len() as i64 * (BAR + GAP);
    format!(
        "<svg class=\"monthly\" width=\"{w}\" height=\"{}\" viewBox=\"0 0 {w} {}\" role=\"img\" \
         aria-label=\"{}: {}\">{bars}</svg>",
        H + 14,
        H + 14,
        esc(title),
        esc(&said.join("; "))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_draws_the_share_done_and_where_the_year_is() {
        let svg = progress("Thu ngân sách", Some(5_000), 500, true);
        // 50% of the target: a third of the bar; the year's half at 66.
        assert!(
            svg.contains("width=\"66\" height=\"10\" fill=\"#b3261e\""),
            "{svg}"
        );
        assert!(svg.contains("x1=\"66\""), "{svg}");
        assert!(svg.contains(
            "aria-label=\"Thu ngân sách: 50,00% chỉ tiêu; đã qua 50% thời gian của năm\""
        ));
        // Beyond 150% the bar is full, not wider.
        assert!(
            progress("x", Some(40_000), 1000, false)
                .contains("width=\"200\" height=\"10\" fill=\"#1b6e3a\"")
        );
        assert!(progress("a<b", None, 0, false).contains("a&lt;b: chưa có số liệu"));
    }

    #[test]
    fn monthly_bars_are_to_scale_with_the_rate_as_dots() {
        let mut months = vec![(0, None); 12];
        months[0] = (40, Some(10_000));
        months[1] = (20, Some(5_000));
        let svg = monthly("Hồ sơ năm 2026", &months);
        assert!(
            svg.contains("<rect x=\"0\" y=\"0\" width=\"18\" height=\"80\""),
            "{svg}"
        );
        assert!(
            svg.contains("<rect x=\"24\" y=\"40\" width=\"18\" height=\"40\""),
            "{svg}"
        );
        assert!(svg.contains("<circle cx=\"33\" cy=\"40\""), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("tháng 2: 20 hồ sơ, 50,00% đúng hạn; tháng 3: 0 hồ sơ"));
    }
}
