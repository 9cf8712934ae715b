# wrong: one step too large at depth 5 (the gradients grow by 4.25x with gain 3)
def chosen_gains():
    return {3: 3.0, 5: 3.0, 8: 2.0, 15: 5 / 3, 25: 1.5, 40: 1.3, 75: 1.1, 150: 1.1}
