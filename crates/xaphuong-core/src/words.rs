//! Numbers in Vietnamese words (đọc số thành chữ), for the "Bằng chữ" line
//! of receipts and reports, where an amount must be written both in digits
//! and in words.
//!
//! No statute fixes the wording; the default follows the convention of
//! receipts ("linh", "nghìn", and "không trăm" for every later group whose
//! hundreds digit is 0), and [`Reading`] switches to the Southern words or
//! to the CLDR reading.

/// How to read a number: the variants differ by region and by source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// "linh" (Northern) for a 0 tens digit after hundreds, else "lẻ"
    /// (Southern, CLDR): 105 → "một trăm linh năm" / "một trăm lẻ năm".
    pub linh: bool,
    /// "nghìn" (Northern), else "ngàn" (Southern).
    pub nghin: bool,
    /// The CLDR `vi` rules instead of the receipt convention: "không trăm"
    /// only after "nghìn" with a remainder under 100, and after "triệu" or
    /// "tỷ" nothing but "lẻ" before a remainder under 10, so that
    /// 8.061.000.000 → "tám tỷ sáu mươi mốt triệu". Amounts from 10^9 up
    /// are read as (amount ÷ 10^9) + "tỷ", so "tỷ" is said once.
    pub cldr: bool,
}

impl Reading {
    /// The receipt convention: "linh", "nghìn", "không trăm" in every
    /// later group with hundreds digit 0.
    pub const RECEIPT: Reading = Reading {
        linh: true,
        nghin: true,
        cldr: false,
    };
}

impl Default for Reading {
    fn default() -> Self {
        Self::RECEIPT
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Every word [`words_with`] can produce, whatever the [`Reading`].
pub const VOCABULARY: [&str; 22] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mốt", "tư", "lăm",
    "mười", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn", "triệu", "tỷ",
];

/// `n` in words, lower case, receipt convention:
/// 8.061.000.000 → "tám tỷ không trăm sáu mươi mốt triệu".
pub fn words(n: u64) -> String {
    words_with(n, &Reading::RECEIPT)
}

/// `n` in words, lower case, read as `reading` says.
pub fn words_with(n: u64, reading: &Reading) -> String {
    let mut out = Vec::new();
    if n == 0 {
        out.push(DIGITS[0]);
    } else if reading.cldr {
        cldr(n, reading, &mut out);
    } else {
        receipt(n, reading, &mut out);
    }
    out.join(" ")
}

/// An amount of money for the "Bằng chữ" line, capitalised, with "đồng":
/// 8.061.000.000 → "Tám tỷ không trăm sáu mươi mốt triệu đồng";
/// 0 → "Không đồng"; a negative amount starts with "Âm".
pub fn money_words(dong: i64) -> String {
    money_words_with(dong, &Reading::RECEIPT)
}

/// [`money_words`] read as `reading` says.
pub fn money_words_with(dong: i64, reading: &Reading) -> String {
    let amount = words_with(dong.unsigned_abs(), reading);
    let text = if dong < 0 {
        format!("âm {amount} đồng")
    } else {
        format!("{amount} đồng")
    };
    capitalise(&text)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn thousand(reading: &Reading) -> &'static str {
    if reading.nghin { "nghìn" } else { "ngàn" }
}

fn odd(reading: &Reading) -> &'static str {
    if reading.linh { "linh" } else { "lẻ" }
}

/// Groups of three digits, each followed by its scale; "tỷ" repeats past
/// 10^12 ("nghìn tỷ", "triệu tỷ", "tỷ tỷ"), which covers every `u64`.
fn receipt(n: u64, reading: &Reading, out: &mut Vec<&'static str>) {
    let k = thousand(reading);
    let scales: [&[&'static str]; 7] = [
        &[],
        &[k],
        &["triệu"],
        &["tỷ"],
        &[k, "tỷ"],
        &["triệu", "tỷ"],
        &["tỷ", "tỷ"],
    ];
    let mut groups = [0u16; 7];
    let mut rest = n;
    for g in &mut groups {
        *g = (rest % 1000) as u16;
        rest /= 1000;
    }
    let mut leading = true;
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        group(g, !leading, reading, out);
        out.extend_from_slice(scales[i]);
        leading = false;
    }
}

/// One group of three digits, 1–999. A `full` group (not the leading one)
/// always says its hundreds, "không trăm" included.
fn group(g: u16, full: bool, reading: &Reading, out: &mut Vec<&'static str>) {
    let (h, rest) = (g / 100, g % 100);
    if full || h > 0 {
        out.push(DIGITS[usize::from(h)]);
        out.push("trăm");
        after_hundred(rest, reading, out);
    } else {
        below_hundred(rest, out);
    }
}

/// What follows "trăm": nothing, "linh"/"lẻ" + a digit, or tens and units.
fn after_hundred(rest: u16, reading: &Reading, out: &mut Vec<&'static str>) {
    if rest == 0 {
        return;
    }
    if rest < 10 {
        out.push(odd(reading));
    }
    below_hundred(rest, out);
}

/// 1–99 (0 says nothing): "mười lăm", "hai mươi mốt", "hai mươi tư".
fn below_hundred(n: u16, out: &mut Vec<&'static str>) {
    let (t, u) = (usize::from(n / 10), usize::from(n % 10));
    match t {
        0 => {
            if u > 0 {
                out.push(DIGITS[u]);
            }
            return;
        }
        1 => out.push("mười"),
        _ => {
            out.push(DIGITS[t]);
            out.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t >= 2 => out.push("mốt"),
        4 if t >= 2 => out.push("tư"),
        5 => out.push("lăm"),
        _ => out.push(DIGITS[u]),
    }
}

/// The CLDR `vi` spell-out rules, `n` > 0.
fn cldr(n: u64, reading: &Reading, out: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    if n < 100 {
        below_hundred(n as u16, out);
    } else if n < 1000 {
        group(n as u16, false, reading, out);
    } else if n < 1_000_000 {
        cldr(n / 1000, reading, out);
        out.push(thousand(reading));
        let rest = n % 1000;
        if rest > 0 && rest < 100 {
            out.push(DIGITS[0]);
            out.push("trăm");
            after_hundred(rest as u16, reading, out);
        } else if rest > 0 {
            cldr(rest, reading, out);
        }
    } else {
        let scale = if n < BILLION { 1_000_000 } else { BILLION };
        cldr(n / scale, reading, out);
        out.push(if scale == BILLION { "tỷ" } else { "triệu" });
        let rest = n % scale;
        if rest > 0 && rest < 10 {
            out.push(odd(reading));
        }
        if rest > 0 {
            cldr(rest, reading, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vectors_of_documents_md() {
        let cases: [(i64, &str); 4] = [
            (8_061_000_000, "Tám tỷ không trăm sáu mươi mốt triệu đồng"),
            (7_420_000_000, "Bảy tỷ bốn trăm hai mươi triệu đồng"),
            (7_950_000_000, "Bảy tỷ chín trăm năm mươi triệu đồng"),
            (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        ];
        for (n, w) in cases {
            assert_eq!(money_words(n), w, "{n}");
        }
        let cases: [(u64, &str); 11] = [
            (1_000_000_001, "một tỷ không trăm linh một"),
            (2_001, "hai nghìn không trăm linh một"),
            (1_050, "một nghìn không trăm năm mươi"),
            (1_014, "một nghìn không trăm mười bốn"),
            (124, "một trăm hai mươi tư"),
            (125, "một trăm hai mươi lăm"),
            (121, "một trăm hai mươi mốt"),
            (115, "một trăm mười lăm"),
            (105, "một trăm linh năm"),
            (70, "bảy mươi"),
            (53, "năm mươi ba"),
        ];
        for (n, w) in cases {
            assert_eq!(words(n), w, "{n}");
        }
    }

    #[test]
    fn small_and_edge_numbers() {
        let cases: [(u64, &str); 22] = [
            (0, "không"),
            (1, "một"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (1_000, "một nghìn"),
            (10_000, "mười nghìn"),
            (1_000_001, "một triệu không trăm linh một"),
            (1_000_100, "một triệu một trăm"),
            (8_061_000_000, "tám tỷ không trăm sáu mươi mốt triệu"),
            (1_000_000_000_000, "một nghìn tỷ"),
            (
                u64::MAX,
                "mười tám tỷ tỷ bốn trăm bốn mươi sáu triệu tỷ bảy trăm bốn mươi tư nghìn tỷ \
                 không trăm bảy mươi ba tỷ bảy trăm linh chín triệu năm trăm năm mươi mốt nghìn \
                 sáu trăm mười lăm",
            ),
        ];
        for (n, w) in cases {
            assert_eq!(words(n), w, "{n}");
        }
    }

    #[test]
    fn money_capitalised_signed_and_zero() {
        assert_eq!(money_words(0), "Không đồng");
        assert_eq!(money_words(-5_000), "Âm năm nghìn đồng");
        assert_eq!(money_words(1), "Một đồng");
        assert_eq!(
            money_words(i64::MIN),
            "Âm chín tỷ tỷ hai trăm hai mươi ba triệu tỷ ba trăm bảy mươi hai nghìn tỷ \
             không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn \
             tám trăm linh tám đồng"
        );
    }

    #[test]
    fn southern_words_and_cldr_reading() {
        let south = Reading {
            linh: false,
            nghin: false,
            cldr: false,
        };
        assert_eq!(
            words_with(1_005_000, &south),
            "một triệu không trăm lẻ năm ngàn"
        );
        let cldr = Reading {
            linh: false,
            nghin: true,
            cldr: true,
        };
        let cases: [(u64, &str); 10] = [
            (105, "một trăm lẻ năm"),
            (1_050, "một nghìn không trăm năm mươi"),
            (2_001, "hai nghìn không trăm lẻ một"),
            (1_500, "một nghìn năm trăm"),
            (1_005_000, "một triệu năm nghìn"),
            (1_000_005, "một triệu lẻ năm"),
            (1_000_000_001, "một tỷ lẻ một"),
            (8_061_000_000, "tám tỷ sáu mươi mốt triệu"),
            (1_001_000_000_000, "một nghìn không trăm lẻ một tỷ"),
            (1_000_000_000_000_000_000, "một tỷ tỷ"),
        ];
        for (n, w) in cases {
            assert_eq!(words_with(n, &cldr), w, "{n}");
        }
    }

    /// Reads receipt-convention words back, so that the property test can
    /// check that every number gets words of its own.
    fn parse_receipt(text: &str) -> Option<u128> {
        let mut total: u128 = 0;
        let mut group: u128 = 0;
        let mut pending: Option<u128> = None;
        let mut scale: u128 = 1;
        let flush = |total: &mut u128, group: &mut u128, pending: &mut Option<u128>, scale| {
            *total += (*group + pending.take().unwrap_or(0)) * scale;
            *group = 0;
        };
        let mut in_scale = false;
        for w in text.split(' ') {
            let mult = match w {
                "nghìn" | "ngàn" => Some(1_000),
                "triệu" => Some(1_000_000),
                "tỷ" => Some(1_000_000_000),
                _ => None,
            };
            if let Some(m) = mult {
                scale = if in_scale { scale * m } else { m };
                in_scale = true;
                continue;
            }
            if in_scale {
                flush(&mut total, &mut group, &mut pending, scale);
                in_scale = false;
            }
            match w {
                "trăm" => group += pending.take()? * 100,
                "mươi" => group += pending.take()? * 10,
                "mười" => group += 10,
                "linh" | "lẻ" => {}
                "mốt" => pending = Some(1),
                "tư" => pending = Some(4),
                "lăm" => pending = Some(5),
                d => pending = Some(DIGITS.iter().position(|x| *x == d)? as u128),
            }
        }
        flush(
            &mut total,
            &mut group,
            &mut pending,
            if in_scale { scale } else { 1 },
        );
        Some(total)
    }

    fn any_reading() -> impl Strategy<Value = Reading> {
        (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(linh, nghin, cldr)| Reading {
            linh,
            nghin,
            cldr,
        })
    }

    proptest! {
        #[test]
        fn any_u64_gives_clean_words(n in any::<u64>(), r in any_reading()) {
            let text = words_with(n, &r);
            prop_assert!(!text.is_empty());
            prop_assert!(!text.contains("  "), "{text}");
            prop_assert_eq!(text.trim(), text.as_str());
            for w in text.split(' ') {
                prop_assert!(VOCABULARY.contains(&w), "{w} in {text}");
            }
            if r.linh {
                prop_assert!(!text.contains("lẻ"));
            } else {
                prop_assert!(!text.contains("linh"));
            }
            if r.nghin {
                prop_assert!(!text.contains("ngàn"));
            } else {
                prop_assert!(!text.contains("nghìn"));
            }
        }

        #[test]
        fn receipt_words_read_back(n in any::<u64>(), linh in any::<bool>(), nghin in any::<bool>()) {
            let r = Reading { linh, nghin, cldr: false };
            let text = words_with(n, &r);
            prop_assert_eq!(parse_receipt(&text), Some(u128::from(n)), "{}", text);
        }

        #[test]
        fn below_a_thousand_says_trăm_at_most_once(n in 0u64..1000, r in any_reading()) {
            let text = words_with(n, &r);
            prop_assert!(text.split(' ').filter(|w| *w == "trăm").count() <= 1, "{text}");
            // Both conventions agree below a thousand.
            let receipt = words_with(n, &Reading { cldr: false, ..r });
            prop_assert_eq!(text, receipt);
        }

        #[test]
        fn money_words_capitalised(d in any::<i64>()) {
            let text = money_words(d);
            prop_assert!(text.ends_with(" đồng"));
            let first = text.chars().next().unwrap_or(' ');
            prop_assert!(first.is_uppercase(), "{text}");
            prop_assert_eq!(d < 0, text.starts_with("Âm "));
        }
    }
}
