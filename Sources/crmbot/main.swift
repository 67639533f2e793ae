// The executable is wired up once the bot module lands.
print("crmbot: not wired yet")
