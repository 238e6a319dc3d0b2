//! Targets of a resolution (chỉ tiêu nghị quyết) and how far the year's
//! results reached them: "Thu ngân sách 8.061.000.000 đ, đạt 108,6% dự
//! toán", "tỷ lệ hộ nghèo còn 1,0%", "tuyển quân 8/8 (100%)".
//!
//! Figures are exact decimals ([`Quantity`]: an integer and a count of
//! decimals) because a report must print the same digits an officer would
//! get by hand; no binary float is used anywhere, and rounding happens only
//! when printing, half up, as Vietnamese accounting practice does.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::numbers;

/// Most decimals a [`Quantity`] may carry; with an `i64` value this keeps
/// every comparison inside `i128`.
pub const MAX_SCALE: u32 = 18;

/// Most decimals a percentage is printed with; more would be noise, and
/// the bound keeps the arithmetic of [`numbers::percent`] in range.
pub const MAX_DECIMALS: u32 = 6;

/// An exact decimal figure: `value` ÷ 10^`scale` — 8.061.000.000 đ is
/// (8061000000, 0), a poverty rate of 1,0% is (10, 1).
///
/// Equality, order and hash are by numeric value, so 1,0 equals 1; the
/// scale is kept only to print the figure as it was typed.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    value: i64,
    scale: u32,
}

impl Quantity {
    pub const ZERO: Quantity = Quantity::whole(0);

    /// A whole number: a count of households, an amount in đồng.
    pub const fn whole(value: i64) -> Quantity {
        Quantity { value, scale: 0 }
    }

    /// `value` ÷ 10^`scale`; `None` past [`MAX_SCALE`] decimals.
    pub fn new(value: i64, scale: u32) -> Option<Quantity> {
        (scale <= MAX_SCALE).then_some(Quantity { value, scale })
    }

    /// The integer before scaling: 10 for 1,0.
    pub fn value(self) -> i64 {
        self.value
    }

    /// The number of decimals: 1 for 1,0.
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// Reads a figure typed the Vietnamese way, dots grouping thousands and
    /// a comma before the decimals: "7.950.000.000", "95", "1,0", "-2,5".
    /// The decimals typed are kept, so "1,0" prints back as "1,0".
    pub fn parse(s: &str) -> Option<Quantity> {
        let s = s.trim();
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = s.split_once(',').unwrap_or((s, ""));
        if int.is_empty()
            || !int
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
        {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > MAX_SCALE as usize {
            return None;
        }
        if s.contains(',') && frac.is_empty() {
            return None;
        }
        let scale = frac.len() as u32;
        let whole = numbers::parse_dong(int)?;
        let frac: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        let value = whole
            .checked_mul(10_i64.checked_pow(scale)?)?
            .checked_add(frac)?;
        Some(Quantity {
            value: if neg { -value } else { value },
            scale,
        })
    }

    /// The value at `scale` decimals (≥ its own), exact in `i128`.
    fn at_scale(self, scale: u32) -> i128 {
        i128::from(self.value) * 10_i128.pow(scale.saturating_sub(self.scale))
    }

    /// The same value with trailing zero decimals dropped, so that equal
    /// values hash alike.
    fn normalised(self) -> Quantity {
        let mut q = self;
        while q.scale > 0 && q.value % 10 == 0 {
            q.value /= 10;
            q.scale -= 1;
        }
        q
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.at_scale(scale).cmp(&other.at_scale(scale))
    }
}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let n = self.normalised();
        n.value.hash(state);
        n.scale.hash(state);
    }
}

/// Vietnamese notation with exactly the decimals of the figure:
/// "7.950.000.000", "1,0", "-0,5".
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The scale is at most 18, and 10^18 fits in a `u64`.
        let unit = 10_u64.pow(self.scale);
        let abs = self.value.unsigned_abs();
        if self.value < 0 {
            f.write_str("-")?;
        }
        let (int, frac) = (abs / unit, abs % unit);
        f.write_str(&grouped(int))?;
        if self.scale > 0 {
            write!(f, ",{:0width$}", frac, width = self.scale as usize)?;
        }
        Ok(())
    }
}

/// Thousands dots for any `u64`, through [`numbers::dong`], which alone
/// would saturate above about 9·10^16.
fn grouped(x: u64) -> String {
    if x < 1000 {
        x.to_string()
    } else {
        // x / 1000 < 1,9·10^16, well inside what `dong` prints exactly.
        format!("{}.{:03}", numbers::dong((x / 1000) as i64), x % 1000)
    }
}

/// Which side of the target is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better: revenue, households with the cultural-family title.
    AtLeast,
    /// Less is better: the poverty rate "còn 1,0%".
    AtMost,
    /// The figure itself is the target: "tuyển quân 8/8".
    Exactly,
}

impl Direction {
    pub const ALL: [Direction; 3] = [Direction::AtLeast, Direction::AtMost, Direction::Exactly];

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
            Direction::Exactly => "exactly",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::AtLeast => "trở lên",
            Direction::AtMost => "không quá",
            Direction::Exactly => "đúng",
        }
    }

    /// The target as a resolution words it, around the figure already
    /// printed with its unit: "95% trở lên", "không quá 1,0%", "đúng 8".
    pub fn phrase(self, target: &str) -> String {
        match self {
            Direction::AtLeast => format!("{target} trở lên"),
            Direction::AtMost => format!("không quá {target}"),
            Direction::Exactly => format!("đúng {target}"),
        }
    }
}

/// How a result stands against its target. Ordered from no target, then
/// worst to best, so that sorting puts the failures first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    NoTarget,
    /// Không đạt.
    NotMet,
    /// Đạt.
    Met,
    /// Vượt.
    Exceeded,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::NoTarget,
        Verdict::NotMet,
        Verdict::Met,
        Verdict::Exceeded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoTarget => "no_target",
            Verdict::NotMet => "not_met",
            Verdict::Met => "met",
            Verdict::Exceeded => "exceeded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::NoTarget => "—",
            Verdict::NotMet => "không đạt",
            Verdict::Met => "đạt",
            Verdict::Exceeded => "vượt",
        }
    }

    /// Met or exceeded.
    pub fn reached(self) -> bool {
        matches!(self, Verdict::Met | Verdict::Exceeded)
    }
}

/// Whether `actual` reached `target` in `direction`. Only the comparison
/// matters, so a zero target is as good as any: at least 0 is met by 0
/// and exceeded by anything above.
pub fn verdict(direction: Direction, actual: Quantity, target: Option<Quantity>) -> Verdict {
    let Some(target) = target else {
        return Verdict::NoTarget;
    };
    match (direction, actual.cmp(&target)) {
        (_, Ordering::Equal) => Verdict::Met,
        (Direction::AtLeast, Ordering::Greater) | (Direction::AtMost, Ordering::Less) => {
            Verdict::Exceeded
        }
        _ => Verdict::NotMet,
    }
}

/// `actual` ÷ `target` × 100, printed with `decimals` decimals (at most
/// [`MAX_DECIMALS`]) rounded half up, decimal comma: 8.061.000.000 ÷
/// 7.420.000.000 → "108,6". `None` when the target is zero, or when the
/// ratio is beyond 10^14 (no real figure is).
pub fn achievement(actual: Quantity, target: Quantity, decimals: u32) -> Option<String> {
    let (num, den) = reduced(actual, target)?;
    ratio_percent(num, den, decimals)
}

/// [`achievement`] in hundredths of a percent, rounded half up: 10864 for
/// 108,64%. An integer, to sort indicators or to compare with a threshold;
/// `None` exactly when [`achievement`] is.
pub fn achievement_hundredths(actual: Quantity, target: Quantity) -> Option<i64> {
    let (num, den) = reduced(actual, target)?;
    if !printable(num, den) {
        return None;
    }
    let (n, d) = (i128::from(num) * 10_000, i128::from(den));
    let q = (2 * n.abs() + d.abs()) / (2 * d.abs());
    let q = if (n < 0) != (d < 0) { -q } else { q };
    i64::try_from(q).ok()
}

/// `num` ÷ `den` as a percentage with `decimals` decimals (at most
/// [`MAX_DECIMALS`]), half up: 49 ÷ 53 → "92,45". `None` when `den` is 0
/// or the ratio is beyond 10^14.
pub fn ratio_percent(num: i64, den: i64, decimals: u32) -> Option<String> {
    if !printable(num, den) {
        return None;
    }
    numbers::percent(num, den, decimals.min(MAX_DECIMALS))
}

/// A count against its base as reports print it, keeping both figures:
/// "49/53 (92,45%)", "8/8 (100%)"; a zero base leaves the percentage out.
pub fn ratio_text(num: i64, den: i64, decimals: u32) -> String {
    let signed = |v: i64| {
        let text = grouped(v.unsigned_abs());
        if v < 0 { format!("-{text}") } else { text }
    };
    let base = format!("{}/{}", signed(num), signed(den));
    match ratio_percent(num, den, decimals) {
        Some(p) => format!("{base} ({p}%)"),
        None => base,
    }
}

/// Whether `num` ÷ `den` has a percentage that can be printed exactly:
/// `numbers::percent` carries the integer part as an `i64` of hundredths,
/// which holds up to about 9·10^16 %, so ratios from 10^14 on are refused.
fn printable(num: i64, den: i64) -> bool {
    den != 0 && num.unsigned_abs() / den.unsigned_abs() < 100_000_000_000_000
}

/// `actual` and `target` at a common scale, divided by their greatest
/// common divisor so that realistic figures fit in `i64`.
fn reduced(actual: Quantity, target: Quantity) -> Option<(i64, i64)> {
    let scale = actual.scale.max(target.scale);
    let (n, d) = (actual.at_scale(scale), target.at_scale(scale));
    if d == 0 {
        return None;
    }
    let g = gcd(n.unsigned_abs(), d.unsigned_abs()) as i128;
    Some((i64::try_from(n / g).ok()?, i64::try_from(d / g).ok()?))
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(value: i64, scale: u32) -> Quantity {
        Quantity::new(value, scale).expect("scale in range")
    }

    #[test]
    fn figures_of_the_seed_article() {
        let w = Quantity::whole;
        assert_eq!(
            achievement(w(8_061_000_000), w(7_420_000_000), 1).as_deref(),
            Some("108,6")
        );
        assert_eq!(
            achievement(w(7_950_000_000), w(8_061_000_000), 1).as_deref(),
            Some("98,6")
        );
        assert_eq!(achievement(w(49), w(53), 2).as_deref(), Some("92,45"));
        assert_eq!(achievement(w(8), w(8), 0).as_deref(), Some("100"));
        assert_eq!(ratio_percent(49, 53, 2).as_deref(), Some("92,45"));
        assert_eq!(ratio_text(49, 53, 2), "49/53 (92,45%)");
        assert_eq!(ratio_text(8, 8, 0), "8/8 (100%)");
        assert_eq!(ratio_text(4, 0, 0), "4/0");
        assert_eq!(
            ratio_text(8_061_000_000, 7_420_000_000, 1),
            "8.061.000.000/7.420.000.000 (108,6%)"
        );
        assert_eq!(
            achievement_hundredths(w(8_061_000_000), w(7_420_000_000)),
            Some(10_864)
        );
    }

    #[test]
    fn rounding_half_up_at_printing() {
        let w = Quantity::whole;
        assert_eq!(achievement(w(1), w(8), 1).as_deref(), Some("12,5"));
        assert_eq!(achievement(w(1), w(8), 0).as_deref(), Some("13"));
        assert_eq!(achievement(w(2), w(3), 2).as_deref(), Some("66,67"));
        assert_eq!(achievement(w(1), w(3), 2).as_deref(), Some("33,33"));
        assert_eq!(achievement(w(-1), w(8), 0).as_deref(), Some("-13"));
        assert_eq!(achievement(w(1), w(200), 0).as_deref(), Some("1"));
        assert_eq!(achievement_hundredths(w(1), w(8)), Some(1_250));
        assert_eq!(achievement_hundredths(w(2), w(3)), Some(6_667));
        assert_eq!(achievement_hundredths(w(-2), w(3)), Some(-6_667));
        assert_eq!(
            achievement(w(1), w(3), 40).as_deref(),
            Some("33,333333"),
            "decimals capped"
        );
    }

    #[test]
    fn mixed_scales_and_zero_targets() {
        // 0,9% poverty against a target of 1,0%: 90% of the allowance.
        assert_eq!(achievement(q(9, 1), q(10, 1), 0).as_deref(), Some("90"));
        assert_eq!(
            achievement(q(9, 1), Quantity::whole(1), 0).as_deref(),
            Some("90")
        );
        assert_eq!(
            achievement(q(95, 0), q(9_500, 2), 1).as_deref(),
            Some("100,0")
        );
        assert_eq!(achievement(Quantity::whole(5), Quantity::ZERO, 1), None);
        assert_eq!(achievement(Quantity::ZERO, q(0, 3), 1), None);
        assert_eq!(
            achievement_hundredths(Quantity::whole(5), Quantity::ZERO),
            None
        );
        assert_eq!(ratio_percent(5, 0, 2), None);
        assert_eq!(
            ratio_percent(i64::MAX, 1, 2),
            None,
            "beyond any real figure"
        );
        assert_eq!(
            achievement(Quantity::whole(i64::MAX), Quantity::whole(i64::MAX), 0).as_deref(),
            Some("100")
        );
    }

    #[test]
    fn verdicts() {
        use Direction::*;
        use Verdict::*;
        let w = |v| Some(Quantity::whole(v));
        let a = Quantity::whole;
        assert_eq!(
            verdict(AtLeast, a(8_061_000_000), w(7_420_000_000)),
            Exceeded
        );
        assert_eq!(verdict(AtLeast, a(8), w(8)), Met);
        assert_eq!(verdict(AtLeast, a(49), w(53)), NotMet);
        // Poverty rate: "còn 1,0%" is at most 1,0%.
        let target = Some(q(10, 1));
        assert_eq!(verdict(AtMost, q(9, 1), target), Exceeded);
        assert_eq!(verdict(AtMost, Quantity::whole(1), target), Met);
        assert_eq!(verdict(AtMost, q(105, 2), target), NotMet);
        assert_eq!(verdict(Exactly, a(8), w(8)), Met);
        assert_eq!(verdict(Exactly, a(9), w(8)), NotMet);
        assert_eq!(verdict(Exactly, a(7), w(8)), NotMet);
        assert_eq!(verdict(AtLeast, a(0), w(0)), Met);
        assert_eq!(verdict(AtLeast, a(1), w(0)), Exceeded);
        assert_eq!(verdict(AtMost, a(0), w(0)), Met);
        assert_eq!(verdict(AtMost, a(1), w(0)), NotMet);
        assert_eq!(verdict(AtLeast, a(70), None), NoTarget);
        assert_eq!(Exceeded.label(), "vượt");
        assert_eq!(Met.label(), "đạt");
        assert_eq!(NotMet.label(), "không đạt");
        assert_eq!(NoTarget.label(), "—");
        assert!(Met.reached() && Exceeded.reached() && !NotMet.reached());
    }

    #[test]
    fn names_round_trip() {
        crate::assert_codes_read_back(&Direction::ALL, Direction::as_str, Direction::parse);
        crate::assert_codes_read_back(&Verdict::ALL, Verdict::as_str, Verdict::parse);
        assert_eq!(Direction::parse("more"), None);
        assert_eq!(Direction::AtLeast.phrase("95%"), "95% trở lên");
        assert_eq!(Direction::AtMost.phrase("1,0%"), "không quá 1,0%");
    }

    #[test]
    fn quantities_parse_and_print_the_vietnamese_way() {
        let cases: [(&str, i64, u32); 7] = [
            ("7.950.000.000", 7_950_000_000, 0),
            ("95", 95, 0),
            ("1,0", 10, 1),
            ("92,45", 9_245, 2),
            ("-0,5", -5, 1),
            ("1.234,567", 1_234_567, 3),
            ("0", 0, 0),
        ];
        for (text, value, scale) in cases {
            let parsed = Quantity::parse(text).expect(text);
            assert_eq!((parsed.value(), parsed.scale()), (value, scale), "{text}");
            assert_eq!(parsed.to_string(), text);
        }
        for bad in [
            "", "-", "1,", ",5", "1.5", "1,2,3", "abc", "5đ", "1.23.456", "--1",
        ] {
            assert_eq!(Quantity::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Quantity::whole(i64::MAX).to_string(),
            "9.223.372.036.854.775.807"
        );
        assert_eq!(q(i64::MIN, 18).to_string(), "-9,223372036854775808");
        assert_eq!(
            Quantity::whole(i64::MIN).to_string(),
            "-9.223.372.036.854.775.808"
        );
        assert_eq!(q(10, 1), Quantity::whole(1));
        assert!(q(105, 2) > q(10, 1));
        assert_eq!(Quantity::new(1, MAX_SCALE + 1), None);
    }

    /// The expected achievement computed apart: plain `i128`, half up.
    fn reference(actual: Quantity, target: Quantity, decimals: u32) -> Option<String> {
        let scale = actual.scale().max(target.scale());
        let n = i128::from(actual.value()) * 10_i128.pow(scale - actual.scale());
        let d = i128::from(target.value()) * 10_i128.pow(scale - target.scale());
        if d == 0 {
            return None;
        }
        let n = n * 100 * 10_i128.pow(decimals);
        let q = (2 * n.abs() + d.abs()) / (2 * d.abs());
        let digits = (q / 10_i128.pow(decimals)).to_string();
        let mut out = String::new();
        if (n < 0) != (d < 0) && q != 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        if decimals > 0 {
            let frac = q % 10_i128.pow(decimals);
            out.push_str(&format!(",{frac:0width$}", width = decimals as usize));
        }
        Some(out)
    }

    fn realistic() -> impl Strategy<Value = Quantity> {
        (-1_000_000_000_000_i64..=1_000_000_000_000, 0u32..=4).prop_map(|(v, s)| q(v, s))
    }

    fn any_quantity() -> impl Strategy<Value = Quantity> {
        (any::<i64>(), 0u32..=MAX_SCALE).prop_map(|(v, s)| q(v, s))
    }

    fn any_direction() -> impl Strategy<Value = Direction> {
        prop::sample::select(Direction::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn achievement_matches_integer_reference(
            a in realistic(), t in realistic(), d in 0u32..=3,
        ) {
            let scale = a.scale().max(t.scale());
            let (n, m) = (a.at_scale(scale), t.at_scale(scale));
            // Ratios of 10^14 and more are refused on purpose.
            prop_assume!(m != 0 && n.abs() / m.abs() < 100_000_000_000_000);
            prop_assert_eq!(achievement(a, t, d), reference(a, t, d));
        }

        #[test]
        fn at_least_and_at_most_are_mirrors(a in any_quantity(), t in any_quantity()) {
            let up = verdict(Direction::AtLeast, a, Some(t));
            let down = verdict(Direction::AtMost, a, Some(t));
            let exact = verdict(Direction::Exactly, a, Some(t));
            if a == t {
                prop_assert_eq!((up, down, exact), (Verdict::Met, Verdict::Met, Verdict::Met));
            } else {
                prop_assert_eq!(exact, Verdict::NotMet);
                prop_assert_eq!(up == Verdict::Exceeded, down == Verdict::NotMet);
                prop_assert_eq!(up == Verdict::NotMet, down == Verdict::Exceeded);
                prop_assert!(up != Verdict::Met && down != Verdict::Met);
            }
        }

        #[test]
        fn more_never_lowers_an_at_least_verdict(a in any_quantity(), t in any_quantity()) {
            if let Some(more) = a.value().checked_add(1) {
                let more = q(more, a.scale());
                prop_assert!(
                    verdict(Direction::AtLeast, more, Some(t)) >= verdict(Direction::AtLeast, a, Some(t))
                );
                prop_assert!(
                    verdict(Direction::AtMost, more, Some(t)) <= verdict(Direction::AtMost, a, Some(t))
                );
            }
        }

        #[test]
        fn zero_and_extreme_figures_never_panic(
            a in any_quantity(), zero_scale in 0u32..=MAX_SCALE, t in any_quantity(),
            dir in any_direction(), d in 0u32..=40,
        ) {
            let zero = q(0, zero_scale);
            prop_assert_eq!(achievement(a, zero, d), None);
            prop_assert_eq!(achievement_hundredths(a, zero), None);
            let v = verdict(dir, a, Some(zero));
            prop_assert_ne!(v, Verdict::NoTarget);
            let _ = achievement(a, t, d);
            let _ = achievement_hundredths(a, t);
            let _ = ratio_text(a.value(), t.value(), d);
        }

        #[test]
        fn hundredths_agree_with_printed_percentage(a in realistic(), t in realistic()) {
            let printed = achievement(a, t, 2);
            let h = achievement_hundredths(a, t);
            prop_assert_eq!(printed, h.map(numbers::hundredths).map(|s| {
                // `hundredths` drops trailing zero decimals; put them back.
                match s.split_once(',') {
                    Some((i, f)) => format!("{i},{f:0<2}"),
                    None => format!("{s},00"),
                }
            }));
        }

        #[test]
        fn printed_quantities_read_back(a in any_quantity()) {
            // -2^63 has no positive twin in `i64`, which `parse` goes through.
            prop_assume!(a.value() != i64::MIN);
            let back = Quantity::parse(&a.to_string());
            prop_assert_eq!(back.map(|b| (b.value(), b.scale())), Some((a.value(), a.scale())));
        }

        #[test]
        fn equal_values_hash_alike(v in -1_000_000i64..1_000_000, s in 0u32..=6, extra in 0u32..=6) {
            use std::collections::hash_map::DefaultHasher;
            let a = q(v, s);
            let b = q(v * 10_i64.pow(extra), s + extra);
            prop_assert_eq!(a, b);
            let h = |x: Quantity| { let mut st = DefaultHasher::new(); x.hash(&mut st); st.finish() };
            prop_assert_eq!(h(a), h(b));
        }
    }
}
