print("crmbot")
