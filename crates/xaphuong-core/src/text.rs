//! Vietnamese text conventions: NFC on input, diacritic-free search keys.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// A day as Vietnamese documents write it: `dd/mm/yyyy`.
pub fn vn_date(d: jiff::civil::Date) -> String {
    d.strftime("%d/%m/%Y").to_string()
}

/// Normalises user input: NFC (Unikey and Word may send NFD), trimmed, inner
/// runs of whitespace collapsed to one space.
pub fn clean(input: &str) -> String {
    // Most cells of a large file are already clean: copied as they are.
    if is_nfc(input) && single_spaced(input) {
        return input.to_owned();
    }
    clean_fully(input)
}

/// [`clean`] without its shortcut for text already clean.
fn clean_fully(input: &str) -> String {
    let nfc: String = input.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_nfc(s: &str) -> bool {
    s.is_ascii()
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// No leading, trailing or doubled whitespace, and spaces only.
fn single_spaced(s: &str) -> bool {
    !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.chars().any(|c| c.is_whitespace() && c != ' ')
}

/// The search key of a text: no diacritics, đ→d, lower case, single spaces.
/// "Phường Phùng Chí Kiên" → "phuong phung chi kien". Stored beside every
/// searchable name and applied the same way to queries, so "nguyen van a"
/// finds "Nguyễn Văn A" on both databases (neither folds đ by itself).
pub fn fold(input: &str) -> String {
    if input.is_ascii() && single_spaced(input) {
        return input.to_ascii_lowercase();
    }
    fold_fully(input)
}

/// [`fold`] without its shortcut for ASCII text already single-spaced.
fn fold_fully(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A LIKE pattern matching keys that contain the folded query; `%`, `_` and
/// the escape character itself are escaped with `\` (queries use
/// `LIKE $n ESCAPE '\'`).
pub fn contains_pattern(query: &str) -> String {
    let folded = fold(query);
    let mut p = String::with_capacity(folded.len() + 2);
    p.push('%');
    for c in folded.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Characters that never occur in Vietnamese written in Unicode but fill
/// text typed in the old TCVN3 (ABC, `.VnTime`) fonts when it is read as
/// Unicode: "NguyÔn V¨n A" for "Nguyễn Văn A".
const TCVN3_MARKS: &str = "¨©ª«¬®¯±²³´µ¶·¸¹º»¼½¾ÆÇËÎÏÑÖ×ØÜÞßåæçëîïñöøûüþ";
/// Letters that betray the VNI encoding ("Vieät Nam"), which writes tones
/// as separate Latin-1 letters after the vowel.
const VNI_MARKS: &str = "äåëïöøûüÄÅËÏÖØÛÜ";

/// Which legacy encoding a text seems to be in, if any: "VNI" when
/// VNI's tone letters follow a vowel, else "TCVN3" when TCVN3's marks occur.
pub fn legacy_encoding(s: &str) -> Option<&'static str> {
    // Both encodings' marks are outside ASCII.
    if s.is_ascii() {
        return None;
    }
    let mut prev_vowel = false;
    for c in s.chars() {
        if prev_vowel && VNI_MARKS.contains(c) {
            return Some("VNI");
        }
        prev_vowel = "aeiouyAEIOUY".contains(c);
    }
    s.chars()
        .any(|c| TCVN3_MARKS.contains(c))
        .then_some("TCVN3")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_marks_and_d_stroke() {
        assert_eq!(fold("Phường Phùng Chí Kiên"), "phuong phung chi kien");
        assert_eq!(fold("ĐẶNG Thị  Đào"), "dang thi dao");
        assert_eq!(fold("Dương Mạc Hiếu"), "duong mac hieu");
        // NFD input folds the same as NFC input.
        let nfd: String = "Nguyễn".nfd().collect();
        assert_eq!(fold(&nfd), fold("Nguyễn"));
        // Old and new tone placement fold to the same key.
        assert_eq!(fold("hoà"), fold("hòa"));
    }

    proptest::proptest! {
        /// Folding clean Vietnamese text (every mark composed onto its
        /// letter, as NFC does for Vietnamese) keeps its count of
        /// characters: the store finds the name part of a search key by its
        /// length.
        #[test]
        fn folding_clean_text_keeps_its_length(s in "[ a-zA-Z0-9đĐăâêôơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĨĩŨũƠơƯưẠ-ỹ\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}]{0,24}") {
            let c = clean(&s);
            proptest::prop_assume!(!c.chars().any(is_combining_mark));
            proptest::prop_assert_eq!(fold(&c).chars().count(), c.chars().count());
        }

        /// The shortcuts for text already clean give what the full
        /// normalisation gives.
        #[test]
        fn shortcuts_change_nothing(s in "[ a-zA-Z0-9đĐăâêôơưàáảãạệễ\u{0300}\u{0301}\t\n]{0,12}") {
            proptest::prop_assert_eq!(clean(&s), clean_fully(&s));
            proptest::prop_assert_eq!(fold(&s), fold_fully(&s));
        }
    }

    #[test]
    fn clean_is_nfc_and_collapses_spaces() {
        let nfd: String = "Tổ  dân phố 5 ".nfd().collect();
        let cleaned = clean(&nfd);
        assert_eq!(cleaned, "Tổ dân phố 5");
        assert!(cleaned.nfc().eq(cleaned.chars()));
    }

    #[test]
    fn legacy_encodings_are_recognised() {
        // "Nguyễn Văn An, tổ 5" typed in .VnTime and read as Unicode.
        assert_eq!(legacy_encoding("NguyÔn V¨n An, tæ 5"), Some("TCVN3"));
        // "Việt Nam" in VNI.
        assert_eq!(legacy_encoding("Vieät Nam"), Some("VNI"));
        for ok in [
            "Nguyễn Văn An",
            "Hộ bà Đặng Thị Hòa",
            "Phường Phùng Chí Kiên",
            "Số 5, đường Trường Chinh",
            "hoà",
            "ASCII only",
        ] {
            assert_eq!(legacy_encoding(ok), None, "{ok}");
        }
    }

    #[test]
    fn pattern_escapes_wildcards() {
        assert_eq!(contains_pattern("Tổ 5"), "%to 5%");
        assert_eq!(contains_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
