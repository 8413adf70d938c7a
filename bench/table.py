"""The result table every bench script prints: aligned columns, or Markdown with --markdown."""


def print_table(head: list, rows: list, markdown: bool) -> None:
    cells = [[str(c) for c in row] for row in rows]
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in cells:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(head)]
    for row in [list(head)] + cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
