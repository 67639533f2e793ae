enum _CRMTransportPlaceholder {}
