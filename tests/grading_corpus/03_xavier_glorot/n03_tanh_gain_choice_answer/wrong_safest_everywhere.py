# wrong: 1.1 at every depth (safe, but not the largest gain at small depths)
def chosen_gains():
    return {d: 1.1 for d in (3, 5, 8, 15, 25, 40, 75, 150)}
