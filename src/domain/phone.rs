//! Phone numbers as typed, reduced to E.164-like digits so that the same
//! caller is recognised however the number was written.

/// Fewest digits a phone number may have (short national numbers).
pub const MIN_DIGITS: usize = 7;
/// Most digits a phone number may have (the E.164 maximum).
pub const MAX_DIGITS: usize = 15;

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("no phone number given")]
    Empty,
    #[error(
        "`{0}` does not belong in a phone number (use digits, spaces, - . ( ) and a leading +)"
    )]
    BadCharacter(char),
    #[error("`+` may only come first, before the country code")]
    MisplacedPlus,
    #[error("too short: {0} digits, a phone number has {min} to {max}", min = MIN_DIGITS, max = MAX_DIGITS)]
    TooShort(usize),
    #[error("too long: {0} digits, a phone number has {min} to {max}", min = MIN_DIGITS, max = MAX_DIGITS)]
    TooLong(usize),
}

/// The value of a decimal digit in ASCII, Arabic-Indic or Eastern
/// Arabic-Indic (Persian, Urdu) script, as keyboards in those regions type
/// phone numbers in their own digits.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '/' | '\u{00A0}')
}

/// Reduces a phone number to digits for matching: separators go, a leading
/// `+` or `00` marks the country code that follows, and a national number
/// with a trunk `0` gets `default_country_code` in place of the `0` (when
/// one is configured). A number without `+`, `00` or `0` is kept as typed,
/// since it may already start with a country code.
///
/// `normalise("0722 123 456", Some("254")) == "254722123456"`.
pub fn normalise(raw: &str, default_country_code: Option<&str>) -> String {
    let trimmed = raw.trim();
    let plus = trimmed.starts_with('+');
    // "+44 (0)20 ..." writes the trunk 0 that international callers skip.
    let body = if plus {
        trimmed.replacen("(0)", "", 1)
    } else {
        trimmed.to_string()
    };
    let digits: String = body
        .chars()
        .filter_map(digit_value)
        .filter_map(|d| char::from_digit(d, 10))
        .collect();
    if plus {
        return digits;
    }
    if let Some(international) = digits.strip_prefix("00") {
        return international.to_string();
    }
    match (digits.strip_prefix('0'), default_country_code) {
        (Some(national), Some(code)) => {
            let code: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
            format!("{code}{national}")
        }
        _ => digits,
    }
}

/// Checks that a phone number as typed has only digits and separators, at
/// most one leading `+`, and 7 to 15 digits once normalised.
pub fn validate(raw: &str) -> Result<(), PhoneError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '+' if i == 0 => {}
            '+' => return Err(PhoneError::MisplacedPlus),
            c if digit_value(c).is_some() || is_separator(c) => {}
            c => return Err(PhoneError::BadCharacter(c)),
        }
    }
    match normalise(trimmed, None).len() {
        n if n < MIN_DIGITS => Err(PhoneError::TooShort(n)),
        n if n > MAX_DIGITS => Err(PhoneError::TooLong(n)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_to_digits() {
        let cases = [
            ("0722 123 456", Some("254"), "254722123456"),
            ("0722-123-456", Some("+254"), "254722123456"),
            ("0722 123 456", None, "0722123456"),
            ("+254 722 123 456", Some("255"), "254722123456"),
            ("00254 722 123 456", Some("255"), "254722123456"),
            ("(020) 7946.0958", Some("44"), "442079460958"),
            ("+44 (0)20 7946 0958", None, "442079460958"),
            ("722123456", Some("254"), "722123456"),
            ("  +1 (555) 010-9999  ", None, "15550109999"),
            ("٠٧٢٢١٢٣٤٥٦", Some("254"), "254722123456"),
            ("۰۷۲۲۱۲۳۴۵۶", None, "0722123456"),
            ("", Some("254"), ""),
            ("not a number", None, ""),
        ];
        for (raw, code, expected) in cases {
            assert_eq!(normalise(raw, code), expected, "{raw:?} with {code:?}");
        }
    }

    #[test]
    fn validates_format() {
        let cases = [
            ("0722 123 456", Ok(())),
            ("+254722123456", Ok(())),
            ("116", Err(PhoneError::TooShort(3))),
            ("+1234567890123456", Err(PhoneError::TooLong(16))),
            ("1234567", Ok(())),
            ("123456", Err(PhoneError::TooShort(6))),
            ("", Err(PhoneError::Empty)),
            ("   ", Err(PhoneError::Empty)),
            ("0722 12x 456", Err(PhoneError::BadCharacter('x'))),
            ("0722+123456", Err(PhoneError::MisplacedPlus)),
            ("0722 123 456 📞", Err(PhoneError::BadCharacter('📞'))),
            ("٠٧٢٢١٢٣٤٥٦", Ok(())),
        ];
        for (raw, expected) in cases {
            assert_eq!(validate(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn megabyte_of_digits_is_refused_not_panicked_on() {
        let pasted = "9".repeat(1 << 20);
        assert_eq!(validate(&pasted), Err(PhoneError::TooLong(1 << 20)));
        assert_eq!(normalise(&pasted, Some("254")).len(), 1 << 20);
    }
}
