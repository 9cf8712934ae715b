# right: written case by case with the number of groups of tied units per layer
def predicted_distinct_units():
    def count(width, tied_groups):
        return width - sum(len(g) - 1 for g in tied_groups)
    all16 = [list(range(16))]
    return {
        "A": (count(16, []), count(16, all16)),
        "B": (count(16, []), count(16, [])),
        "C": (count(16, []), count(16, [[3, 7]])),
        "D": (count(16, [[0, 1, 2, 3, 4]]), count(16, [])),
        "E": (16, 16),
        "F": (count(16, all16), count(16, all16)),
        "G": (16, count(16, all16)),
        "H": (16, 16),
        "I": (16, 16),
    }
