//! Reading a drawn screen for words: whether a text shows whole (wrapped
//! or not) or cut with '…', never cut silently.

/// The screen's text with line breaks and borders gone, runs of spaces
/// made one, to look for words and phrases.
pub fn flat(screen: &str) -> String {
    let spaced: String = screen
        .chars()
        .map(|c| {
            if "│─┌┐└┘║═╔╗╚╝\"\n".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every word of `text` is somewhere on the screen.
pub fn every_word_shows(text: &str, screen: &str) {
    let flat = flat(screen);
    for word in text.split_whitespace() {
        assert!(
            flat.contains(word),
            "`{word}` of `{text}` missing:\n{screen}"
        );
    }
}

/// Whether a row of the screen holds the start of `text` (at least four
/// characters of it) followed at once by '…'.
pub fn shows_elided(text: &str, screen: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    screen.lines().any(|line| {
        line.match_indices('…').any(|(at, _)| {
            let before: Vec<char> = line[..at].chars().collect();
            (4..chars.len()).any(|n| before.ends_with(&chars[..n]))
        })
    })
}

/// `text` shows whole (its words in order, however wrapped) or its start
/// shows followed by '…': a number or name is never cut silently.
pub fn whole_or_elided(text: &str, screen: &str) {
    let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat(screen).contains(&whole) || shows_elided(text, screen),
        "`{text}` is neither whole nor cut with '…':\n{screen}"
    );
}

/// The key hint `hint` (e.g. "Ctrl-S save") is on screen in one piece.
pub fn hint_shows(hint: &str, screen: &str) {
    assert!(
        screen.lines().any(|l| l.contains(hint)),
        "the hint `{hint}` is off screen:\n{screen}"
    );
}
