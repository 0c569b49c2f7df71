"""Whether a screenshot of the page shows something: the checks PlotTests makes on figures, for a page.

`check_not_blank(path)` returns (problem, summary): problem is None when the PNG
 - is at least 400 x 300 pixels;
 - has more than 3% of its pixels away from its most common colour (the
   background), so text, controls and figures were drawn;
 - has at least 8 coarse colours (the top 3 bits of each channel), so it is not
   a single flat tint with some text;
 - with `need_colour` (a view that holds the figures), has more than 0.2% of its
   pixels clearly coloured (the channels differ by more than 60 of 255), so a
   figure in the palette is there, not only grey text.
"""

from collections import Counter

from PIL import Image

MINIMUM_SIZE = (400, 300)
MINIMUM_OFF_BACKGROUND = 0.03
MINIMUM_COARSE_COLOURS = 8
MINIMUM_COLOURED = 0.002


def check_not_blank(path, need_colour=True):
    with Image.open(path) as image:
        image.load()
        rgb = image.convert("RGB")
    width, height = rgb.size
    if width < MINIMUM_SIZE[0] or height < MINIMUM_SIZE[1]:
        return f"only {width} x {height} pixels", ""
    pixels = list(rgb.getdata())
    total = len(pixels)
    counts = Counter(pixels)
    background, background_count = counts.most_common(1)[0]
    off_background = 1 - background_count / total
    coarse = len({(r >> 5, g >> 5, b >> 5) for r, g, b in counts})
    coloured = sum(n for (r, g, b), n in counts.items() if max(r, g, b) - min(r, g, b) > 60) / total
    summary = (f"{width}x{height} px, {off_background:.0%} off the background {background}, "
               f"{coarse} coarse colours, {coloured:.1%} coloured")
    if off_background <= MINIMUM_OFF_BACKGROUND:
        return f"only {off_background:.2%} of the pixels differ from the background {background}: blank ({summary})", summary
    if coarse < MINIMUM_COARSE_COLOURS:
        return f"only {coarse} coarse colours ({summary})", summary
    if need_colour and coloured <= MINIMUM_COLOURED:
        return f"only {coloured:.2%} of the pixels are in colour: no figure drawn ({summary})", summary
    return None, summary
