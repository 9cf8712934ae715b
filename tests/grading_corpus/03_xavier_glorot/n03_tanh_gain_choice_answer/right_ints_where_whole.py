# right: ints for the whole gains
def chosen_gains():
    return {3: 3, 5: 2, 8: 2, 15: 5 / 3, 25: 1.5, 40: 1.3, 75: 1.1, 150: 1.1}
