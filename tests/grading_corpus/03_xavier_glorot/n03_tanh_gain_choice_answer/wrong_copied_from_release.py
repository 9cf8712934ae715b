# wrong: copies the release's statements literally: 5/3 (the convention) up to depth 10, 1.3 at 50 and beyond
def chosen_gains():
    return {3: 5 / 3, 5: 5 / 3, 8: 5 / 3, 15: 5 / 3, 25: 1.3, 40: 1.3, 75: 1.3, 150: 1.3}
