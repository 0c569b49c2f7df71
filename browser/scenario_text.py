"""What the browser test reads in a scenario text without a YAML library: the pregnancies it lists."""

import re


def count_pregnancies(text):
    """The items of the top-level block list `pregnancies:`, or None when there is none."""
    inside, indent_of_items, count = False, None, 0
    for line in text.split("\n"):
        content = line.rstrip()
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        indent = len(content) - len(content.lstrip(" "))
        if not inside:
            if re.match(r"pregnancies:\s*(#.*)?$", content):
                inside = True
            continue
        dash = re.match(r"(\s*)- ", content + " ")
        if indent == 0 and not dash:
            break
        if dash:
            if indent_of_items is None:
                indent_of_items = len(dash.group(1))
            if len(dash.group(1)) == indent_of_items:
                count += 1
    return count if inside else None
