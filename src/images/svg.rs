//! An SVG picture's size, for `width` and `height` on its `<img>`: its `viewBox`'s, whose
//! proportions are the picture's (an SVG is copied as it is, never resized).

/// The width and height of the `viewBox` of the SVG `text`'s root, rounded up to whole pixels,
/// or `None` when it has none or it is not readable.
pub fn size(text: &str) -> Option<(u32, u32)> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let document = roxmltree::Document::parse_with_options(text, options).ok()?;
    let view_box = document.root_element().attribute("viewBox")?;
    let numbers: Vec<f64> = (view_box.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|part| !part.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [_, _, width, height] = numbers[..] else { return None };
    let whole = |n: f64| (n.is_finite() && n > 0.0 && n < f64::from(u32::MAX)).then(|| n.ceil() as u32);
    Some((whole(width)?, whole(height)?))
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn the_size_is_the_view_box_s() {
        assert_eq!(size(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400.5"/>"#), Some((640, 401)));
        assert_eq!(size(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,10,20"/>"#), Some((10, 20)));
    }

    #[test]
    fn no_or_a_broken_view_box_gives_no_size() {
        assert_eq!(size(r#"<svg xmlns="http://www.w3.org/2000/svg" width="10"/>"#), None);
        assert_eq!(size(r#"<svg viewBox="0 0 -5 x"/>"#), None);
        assert_eq!(size("<svg"), None);
    }
}
