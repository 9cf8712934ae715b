# right: picks by index into GAIN_MENU
def chosen_gains():
    menu = (1.0, 1.1, 1.3, 1.5, 5 / 3, 2.0, 3.0)
    index = {3: 6, 5: 5, 8: 5, 15: 4, 25: 3, 40: 2, 75: 1, 150: 1}
    return {depth: menu[i] for depth, i in index.items()}
