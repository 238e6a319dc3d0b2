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

#[cfg(test)]
mod tests {
    use super::*;

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
