Vouch.mainReportingErrors()
