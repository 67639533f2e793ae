enum _CRMBotPlaceholder {}
