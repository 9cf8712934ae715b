# wrong: extrapolates the prose's depth-10 and depth-50 statements (2 up to depth 10, 1.3 beyond)
def chosen_gains():
    return {3: 2.0, 5: 2.0, 8: 2.0, 15: 1.3, 25: 1.3, 40: 1.3, 75: 1.3, 150: 1.3}
