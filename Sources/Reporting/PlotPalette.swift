/// Colours of the figures: the colour-blind-safe palette of Okabe and Ito
/// (2008, "Color Universal Design") without its yellow (too pale on white)
/// and black (the total), then Paul Tol's wine and a grey; further series
/// repeat the colours with a dashed line. Every line is also named in the
/// figure, so no line depends on its colour alone.
public enum PlotPalette {
    /// Vermillion, blue, bluish green, orange, sky blue, reddish purple, wine, grey.
    public static let colours = ["#D55E00", "#0072B2", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#882255", "#8C8C8C"]
    /// The colour of the sum over compartments.
    public static let total = "#000000"
    /// Text, axes and event markers.
    public static let ink = "#222222"
    public static let muted = "#666666"
    public static let grid = "#E4E4E4"

    /// The colour of series `index`, and whether its line is dashed.
    public static func style(_ index: Int) -> (colour: String, dashed: Bool) {
        (colours[index % colours.count], (index / colours.count) % 2 == 1)
    }
}
