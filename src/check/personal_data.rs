//! Personal data in free text: NHS numbers (with a valid check digit), National Insurance
//! numbers, email addresses, UK phone numbers and UK postcodes.
//!
//! Tuned against false alarms on what records legitimately hold: ids (`ACT-2025-0003`), dates,
//! case references and staff ids never match. Found values are masked in messages, so a CI log
//! does not repeat them.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NhsNumber,
    NationalInsurance,
    Email,
    Phone,
    Postcode,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::NhsNumber => "an NHS number",
            Kind::NationalInsurance => "a National Insurance number",
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            Kind::Postcode => "a postcode",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// The matched text with all but its first characters masked.
    pub masked: String,
}

static NHS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b").ok());
static NI: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b").ok()
});
static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").ok()
});
static PHONE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?\b0)\d[\d )-]{7,14}\d\b").ok());
static POSTCODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b").ok()
});

/// Everything in `text` that looks like personal data, in order of appearance.
pub fn scan(text: &str) -> Vec<Finding> {
    // Cheap pre-filters, since this runs on every text value: each pattern needs enough digits,
    // an `@`, or a digit beside capital letters; dates and record ids never match.
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let at_sign = text.contains('@');
    let capitals = text.bytes().any(|b| b.is_ascii_uppercase());
    if (digits == 0 && !at_sign) || is_date_or_id(text) {
        return Vec::new();
    }
    let mut found: Vec<(usize, Kind, String)> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut add = |kind, m: regex::Match<'_>, found: &mut Vec<(usize, Kind, String)>| {
        if taken.iter().any(|r| r.start < m.end() && m.start() < r.end) {
            return;
        }
        taken.push(m.range());
        found.push((m.start(), kind, m.as_str().to_owned()));
    };
    let matches = |re: &LazyLock<Option<Regex>>| {
        re.as_ref()
            .map(|r| r.find_iter(text).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let matches = |re: &LazyLock<Option<Regex>>, worth_trying: bool| {
        if worth_trying {
            matches(re)
        } else {
            Vec::new()
        }
    };
    for m in matches(&EMAIL, at_sign) {
        add(Kind::Email, m, &mut found);
    }
    for m in matches(&NHS, digits >= 10) {
        if is_nhs_number(m.as_str()) {
            add(Kind::NhsNumber, m, &mut found);
        }
    }
    for m in matches(&PHONE, digits >= 10) {
        if is_uk_phone(m.as_str()) {
            add(Kind::Phone, m, &mut found);
        }
    }
    for m in matches(&NI, digits >= 6 && capitals) {
        if !is_unused_ni_prefix(m.as_str()) {
            add(Kind::NationalInsurance, m, &mut found);
        }
    }
    for m in matches(&POSTCODE, capitals) {
        add(Kind::Postcode, m, &mut found);
    }
    found.sort_by_key(|f| f.0);
    found
        .into_iter()
        .map(|(_, kind, text)| Finding {
            kind,
            masked: mask(&text),
        })
        .collect()
}

/// `2025-03-14` or `ACT-2025-0003`: the values that fill most fields and never hold personal data.
fn is_date_or_id(text: &str) -> bool {
    if crate::record::parse_date(text).is_some() {
        return true;
    }
    let mut parts = text.split('-');
    let prefix_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase()));
    let year_ok = parts
        .next()
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    let seq_ok = parts
        .next()
        .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    prefix_ok && year_ok && seq_ok && parts.next().is_none()
}

/// Ten digits whose last is the modulus-11 check digit of the first nine.
pub fn is_nhs_number(text: &str) -> bool {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, weight)| d * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == digits[9]
}

/// A UK number: 0 and 9–10 more digits, or +44 and 9–10 digits.
fn is_uk_phone(text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = if text.trim_start().starts_with("+44") {
        digits
            .strip_prefix("44")
            .map(|rest| rest.strip_prefix('0').unwrap_or(rest))
    } else {
        digits.strip_prefix('0')
    };
    national.is_some_and(|n| (9..=10).contains(&n.len()) && !n.starts_with('0'))
}

fn is_unused_ni_prefix(text: &str) -> bool {
    ["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]
        .iter()
        .any(|p| text.starts_with(p))
}

fn mask(text: &str) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < 2 || !c.is_alphanumeric() {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn nhs_numbers_need_a_valid_check_digit() {
        // 943 476 5919: 9×10+4×9+3×8+4×7+7×6+6×5+5×4+9×3+1×2 = 299; 299 mod 11 = 2; 11−2 = 9. Valid.
        assert!(is_nhs_number("943 476 5919"));
        assert!(is_nhs_number("943-476-5919"));
        assert!(is_nhs_number("9434765919"));
        // Same digits with the wrong check digit.
        assert!(!is_nhs_number("943 476 5918"));
        // 401 023 2137: 4×10+0+1×8+0+2×6+3×5+2×4+1×3+3×2 = 92; 92 mod 11 = 4; 11−4 = 7. Valid.
        assert!(is_nhs_number("4010232137"));
        assert_eq!(kinds("NHS no 943 476 5919 on file"), vec![Kind::NhsNumber]);
        assert_eq!(kinds("ref 943 476 5918 on file"), Vec::<Kind>::new());
    }

    #[test]
    fn other_identifiers_are_found() {
        assert_eq!(kinds("NI AB 12 34 56 C"), vec![Kind::NationalInsurance]);
        assert_eq!(kinds("write to jo.bloggs@example.com"), vec![Kind::Email]);
        assert_eq!(kinds("call 0161 496 0000 today"), vec![Kind::Phone]);
        assert_eq!(kinds("mobile 07700 900123"), vec![Kind::Phone]);
        assert_eq!(kinds("ring +44 20 7946 0000"), vec![Kind::Phone]);
        assert_eq!(kinds("lives near LS1 4AP"), vec![Kind::Postcode]);
        assert_eq!(kinds("SW1A 1AA"), vec![Kind::Postcode]);
    }

    #[test]
    fn ordinary_record_text_is_not_flagged() {
        for text in [
            "ACT-2025-0003",
            "AUD-2024-10001",
            "2025-03-14",
            "P1234567",
            "jsmith",
            "a.khan",
            "Acknowledged on 2025-01-08 after 3 working days",
            "Discussed at QS7 board; 20 working days; see ACT-2025-0003 and REV-2024-0002",
            "Mental capacity assessment not decision-specific (Care Act 2014 s.9)",
            "Between 2024-04-01 and 2025-03-31 there were 1234 contacts",
        ] {
            assert_eq!(kinds(text), Vec::<Kind>::new(), "{text}");
        }
    }

    #[test]
    fn findings_are_masked() {
        let found = scan("jo.bloggs@example.com");
        assert_eq!(found[0].masked, "jo.******@*******.***");
    }
}
