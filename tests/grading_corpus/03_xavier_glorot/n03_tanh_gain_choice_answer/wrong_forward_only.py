# wrong: checks only the forward ratio (every gain >= 1.1 keeps it above 1/4), so always the largest
def chosen_gains():
    return {3: 3.0, 5: 3.0, 8: 3.0, 15: 3.0, 25: 3.0, 40: 3.0, 75: 3.0, 150: 3.0}
