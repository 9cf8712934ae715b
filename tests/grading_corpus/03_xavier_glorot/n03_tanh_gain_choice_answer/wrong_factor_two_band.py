# wrong: uses a factor 2 band instead of the factor 4
def chosen_gains():
    return {3: 2.0, 5: 1.5, 8: 1.3, 15: 1.3, 25: 1.1, 40: 1.1, 75: 1.1, 150: 1.1}
