// Replaced by the insights work (issue 3).
enum _CRMInsightsPlaceholder {}
