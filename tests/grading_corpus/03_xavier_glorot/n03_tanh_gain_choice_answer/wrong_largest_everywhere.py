# wrong: the largest gain of the menu at every depth
def chosen_gains():
    return {d: 3.0 for d in (3, 5, 8, 15, 25, 40, 75, 150)}
