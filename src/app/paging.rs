//! What every paged list does with a page that arrives: add it below, or
//! replace the list while keeping the same row selected.

/// Applies `page` to `rows`: appended when loading more, else replacing
/// them with the selection kept on the row with the same `key` (a refresh
/// must not move the operator's place), clamped to the new length.
pub fn apply_page<T, K: PartialEq>(
    rows: &mut Vec<T>,
    selected: &mut usize,
    page: Vec<T>,
    append: bool,
    key: impl Fn(&T) -> K,
) {
    if append {
        rows.extend(page);
    } else {
        let keep = rows.get(*selected).map(&key);
        *rows = page;
        if let Some(at) = keep.and_then(|k| rows.iter().position(|r| key(r) == k)) {
            *selected = at;
        }
    }
    *selected = (*selected).min(rows.len().saturating_sub(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_keeps_the_selected_row_and_more_rows_append() {
        let mut rows = vec![1, 2, 3];
        let mut selected = 1;
        apply_page(&mut rows, &mut selected, vec![0, 1, 2, 3], false, |r| *r);
        assert_eq!((rows.clone(), selected), (vec![0, 1, 2, 3], 2));
        apply_page(&mut rows, &mut selected, vec![4, 5], true, |r| *r);
        assert_eq!((rows.len(), selected), (6, 2));
        apply_page(&mut rows, &mut selected, vec![9], false, |r| *r);
        assert_eq!(selected, 0, "clamped when the row is gone");
    }
}
