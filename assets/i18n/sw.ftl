# Kiswahili

## Skrini ya kuingia
login-title = helpline · ingia
login-database = Hifadhidata:
login-username = Jina la mtumiaji
login-password = Nenosiri
login-checking = Inakagua…
login-need-username = Andika jina lako la mtumiaji.
login-need-password = Andika nenosiri lako.
login-hint-submit = ingia
login-hint-next-field = sehemu inayofuata
login-hint-quit = ondoka
login-hint-language = lugha

## Vichupo vya paneli
pane-intake = Mapokezi
pane-intake-short = Mapokezi
pane-intake-tiny = Map
pane-risk = Hatari
pane-risk-short = Hatari
pane-risk-tiny = Hat
pane-cases = Kesi
pane-cases-short = Kesi
pane-cases-tiny = Kesi
pane-referrals = Rufaa
pane-referrals-short = Rufaa
pane-referrals-tiny = Ruf
pane-alerts = Tahadhari
pane-alerts-short = Tahadh
pane-alerts-tiny = Tah
pane-services = Huduma
pane-services-short = Huduma
pane-services-tiny = Hud
pane-reports = Ripoti
pane-reports-short = Ripoti
pane-reports-tiny = Rip
pane-follow-ups = Ufuatiliaji
pane-follow-ups-short = Ufuatil
pane-follow-ups-tiny = Ufu
pane-wallboard = Ubao
pane-wallboard-short = Ubao
pane-wallboard-tiny = Ubao
pane-audit = Ukaguzi
pane-audit-short = Ukaguzi
pane-audit-tiny = Ukg

## Mstari wa vidokezo vya vitufe
hint-next-pane = paneli inayofuata
hint-help = msaada
hint-logout = toka
hint-quit = funga

## Upau wa hali
role-operator = Mhudumu
role-caseworker = Mfanyakazi wa kesi
role-supervisor = Msimamizi
role-admin = Msimamizi wa mfumo
status-on-shift = zamuni saa { $hours } dk { $minutes }
status-no-alerts = ✓ hakuna tahadhari
status-alerts =
    { $count ->
        [one] ⚠ tahadhari 1
       *[other] ⚠ tahadhari { $count }
    }
