# right: the choices typed in
def chosen_gains():
    return {3: 3.0, 5: 2.0, 8: 2.0, 15: 5 / 3, 25: 1.5, 40: 1.3, 75: 1.1, 150: 1.1}
