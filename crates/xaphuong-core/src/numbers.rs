//! Vietnamese number notation: thousands dot, decimal comma.

/// `value` hundredths as Vietnamese decimal text with up to two decimals,
/// trailing zeros dropped: 123450 → "1.234,5".
pub fn hundredths(value: i64) -> String {
    let neg = value < 0;
    let v = value.unsigned_abs();
    let (int, frac) = (v / 100, v % 100);
    let mut out = String::new();
    let digits = int.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push(',');
        out.push_str(f.trim_end_matches('0'));
    }
    if neg { format!("-{out}") } else { out }
}

/// Reads a decimal typed the Vietnamese way ("1.234,5") or the English way
/// ("1234.5"), as hundredths; more than two decimals is refused.
pub fn parse_hundredths(s: &str) -> Option<i64> {
    let s = s.trim().replace(' ', "");
    if s.is_empty() {
        return None;
    }
    // A comma is always the decimal mark; dots are thousands separators
    // unless the text has no comma and a single dot followed by 1–2 digits.
    let (int, frac) = if let Some((i, f)) = s.split_once(',') {
        (i.replace('.', ""), f.to_owned())
    } else {
        match s.rsplit_once('.') {
            Some((i, f)) if f.len() <= 2 && !i.contains('.') => (i.to_owned(), f.to_owned()),
            _ => (s.replace('.', ""), String::new()),
        }
    };
    if frac.len() > 2
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.is_empty()
    {
        return None;
    }
    let whole: i64 = int.parse().ok()?;
    let cents: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents)
}

/// Whole đồng with thousands dots: 7420000000 → "7.420.000.000".
pub fn dong(value: i64) -> String {
    hundredths(value.saturating_mul(100))
}

/// Reads an amount of money typed by an officer ("7.420.000.000",
/// "7420000000", "7 420 000 000", with or without "đ"); no decimals.
pub fn parse_dong(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_end_matches('đ')
        .trim_end_matches("đồng")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits = t.replace('.', "");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Dots must group by three, as in 7.420.000.000.
    if t.contains('.') && !t.split('.').skip(1).all(|g| g.len() == 3) {
        return None;
    }
    digits.parse().ok()
}

/// `num ÷ den` as a percentage with `decimals` decimals, rounded half up
/// only here, at printing: 8.061 ÷ 7.420 → "108,6" (1 decimal), 49 ÷ 53 →
/// "92,45" (2). `None` when the denominator is zero.
pub fn percent(num: i64, den: i64, decimals: u32) -> Option<String> {
    if den == 0 {
        return None;
    }
    let scale = 10_i128.pow(decimals);
    let (n, d) = (i128::from(num) * 100 * scale, i128::from(den));
    let neg = (n < 0) != (d < 0);
    let (n, d) = (n.abs(), d.abs());
    let q = (2 * n + d) / (2 * d);
    let int = q / scale;
    let frac = q % scale;
    let mut out = if neg && q != 0 {
        "-".to_owned()
    } else {
        String::new()
    };
    out.push_str(&hundredths((int as i64).saturating_mul(100)));
    if decimals > 0 {
        out.push(',');
        out.push_str(&format!("{:0width$}", frac, width = decimals as usize));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_when_printed() {
        assert_eq!(percent(8_061, 7_420, 1).as_deref(), Some("108,6"));
        assert_eq!(percent(49, 53, 2).as_deref(), Some("92,45"));
        assert_eq!(percent(8, 8, 0).as_deref(), Some("100"));
        assert_eq!(percent(1, 8, 2).as_deref(), Some("12,50"));
        assert_eq!(percent(1, 200, 0).as_deref(), Some("1"), "0,5 rounds up");
        assert_eq!(percent(1, 3, 1).as_deref(), Some("33,3"));
        assert_eq!(percent(2, 3, 1).as_deref(), Some("66,7"));
        assert_eq!(percent(123_456, 1_000, 0).as_deref(), Some("12.346"));
        assert_eq!(percent(1, 0, 1), None);
        assert_eq!(percent(-1, 4, 0).as_deref(), Some("-25"));
    }

    #[test]
    fn money() {
        assert_eq!(dong(7_420_000_000), "7.420.000.000");
        assert_eq!(dong(0), "0");
        assert_eq!(parse_dong("7.420.000.000"), Some(7_420_000_000));
        assert_eq!(parse_dong("8061000000 đ"), Some(8_061_000_000));
        assert_eq!(parse_dong("1 500 000"), Some(1_500_000));
        assert_eq!(parse_dong("1.50"), None);
        assert_eq!(parse_dong("-5"), None);
        assert_eq!(parse_dong("abc"), None);
    }

    #[test]
    fn vietnamese_notation() {
        assert_eq!(hundredths(123_450), "1.234,5");
        assert_eq!(hundredths(742_000_000_000), "7.420.000.000");
        assert_eq!(hundredths(5), "0,05");
        assert_eq!(hundredths(-100), "-1");
        assert_eq!(parse_hundredths("1.234,5"), Some(123_450));
        assert_eq!(parse_hundredths("1234.5"), Some(123_450));
        assert_eq!(parse_hundredths("45,25"), Some(4_525));
        assert_eq!(
            parse_hundredths("1.234"),
            Some(123_400),
            "a dot before three digits groups thousands"
        );
        assert_eq!(parse_hundredths("12"), Some(1_200));
        assert_eq!(parse_hundredths("1,234"), None, "three decimals");
        assert_eq!(parse_hundredths("abc"), None);
        assert_eq!(parse_hundredths(""), None);
        for v in [0, 1, 99, 100, 123_456, 100_000_000] {
            assert_eq!(parse_hundredths(&hundredths(v)), Some(v));
        }
    }
}
