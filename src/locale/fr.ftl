# carnet, en français.

## The desk's pages.

desk-desk = Bureau carnet
desk-event = Événement
desk-participants = Participants
desk-documents = Documents
desk-dates = Dates
desk-venue = Lieu
desk-organiser = Organisateur
desk-folder = Dossier de l’événement
desk-roster = Liste des participants
desk-event-error = Le dossier de l’événement a un problème :
desk-problems = À corriger dans la liste
desk-no-problems = La liste n’a aucun problème.
desk-row = Ligne
desk-column = Colonne
desk-value = Valeur
desk-what = Problème
desk-todo = Que faire
desk-id = Identifiant
desk-name = Nom
desk-organisation = Structure
desk-profile = Profil
desk-group = Atelier
desk-visit = Visite
desk-email = Courriel
desk-no-email = sans courriel
desk-error = erreur
desk-warning = avertissement
desk-booklet = Carnet
desk-badge = Badge
desk-badges = Badges
desk-grid = Grille
desk-attendance = Feuilles d’émargement
desk-page = page
desk-live = Cette page se met à jour quand un fichier de l’événement change.
desk-people = participants
desk-unknown = Aucun participant n’a cet identifiant.
desk-build = Construire
desk-start-build = Construire le dossier
desk-building = Construction en cours :
desk-built = Dossier construit :
desk-download = Télécharger
desk-build-failed = La construction s’est arrêtée :
desk-booklets = carnets
desk-warnings = avertissements
desk-see-report = voir report.txt dans le dossier
desk-mail = Courriels
desk-preparing = Préparation des messages…
desk-sending = Envoi en cours :
desk-send-stopped = L’envoi s’est arrêté :
desk-sent = Envoi terminé : tous les messages sont partis.
desk-review-stopped = La préparation a trouvé un problème :
desk-changed-since = Des fichiers de l’événement ont changé depuis : préparez les messages à nouveau avant d’envoyer.
desk-to-send = messages à envoyer, écrits dans la boîte d’envoi (dist/outbox).
desk-nothing-sent = Rien n’a été envoyé.
desk-from = Expéditeur :
desk-recipient = Destinataire
desk-subject = Objet
desk-attachments = Pièces jointes
desk-with-html = Avec une version HTML.
desk-nothing-to-send = Rien à envoyer : le journal dit que chacun a reçu son carnet.
desk-prepare = Préparer les messages (sans envoyer)
desk-send = Envoyer
desk-smtp-server = Serveur d’envoi (SMTP)
desk-smtp-help = smtps://hôte:465 (TLS) ou smtp://hôte:587?tls=required (STARTTLS) ; smtp:// sans chiffrement seulement vers cette machine.
desk-login-held = L’identifiant saisi sur cette page est gardé en mémoire jusqu’à l’arrêt du bureau ; il n’est écrit nulle part.
desk-login-environment = L’identifiant vient de l’environnement (CARNET_SMTP_USER, CARNET_SMTP_PASSWORD).
desk-user = Utilisateur
desk-password = Mot de passe
desk-login-typed = Laissez vide pour un serveur sans identifiant. Gardé en mémoire pour cette session seulement, jamais écrit ni affiché.
desk-per-minute = Messages par minute, au plus
desk-send-now = Envoyer les messages
desk-forget = Oublier l’identifiant

## carnet check.

check-read = { $event } : { $count ->
    [one] 1 participant lu
   *[other] { $count } participants lus
} dans { $source }
check-profiles = Profils :
check-groups = Ateliers :
check-visits = Visites :
check-none = (aucun)
check-goal = { $profile } : { $count } sur { $total } ({ $share } %), objectif { $goal } % : { $verdict ->
    [reached] objectif atteint
   *[below] en dessous de l’objectif
}
check-to-fix = { $count ->
    [one] 1 problème à corriger
   *[other] { $count } problèmes à corriger
} avant `carnet build`
check-to-fix-and-mail = { $count ->
    [one] 1 problème à corriger
   *[other] { $count } problèmes à corriger
} avant `carnet build` et `carnet mail`
without-email = Sans courriel ({ $count } ; `carnet mail` ne leur envoie rien) :
without-email-person = { $id } { $name } (ligne { $row })
problems-reported = { $count ->
    [one] 1 problème à corriger (voir plus haut).
   *[other] { $count } problèmes à corriger (voir plus haut).
}

## carnet build et carnet serve.

built = { $pack } construit avec { $count ->
    [one] 1 carnet
   *[other] { $count } carnets
} en { $seconds } s
built-skipped = {" "}; { $count ->
    [one] 1 ligne invalide écartée
   *[other] { $count } lignes invalides écartées
} (voir report.txt)
built-warnings = {" "}; { $count ->
    [one] 1 avertissement
   *[other] { $count } avertissements
} (voir report.txt)
serve-listening = bureau de carnet : { $url } (Ctrl-C pour l’arrêter)

## Comment la ligne de commande dit un problème : « erreur : inscrits.xlsx,
## feuille Inscrits, ligne 12, colonne Email : "x@" : … », puis « conseil : … ».

level-error = erreur
level-warning = avertissement
level-hint = conseil
colon = {" : "}
at-sheet = feuille { $sheet }
at-row = ligne { $row }
at-column = colonne { $column }
problems-to-fix = { $count ->
    [one] 1 problème à corriger ; rien n’a été écrit.
   *[other] { $count } problèmes à corriger ; rien n’a été écrit.
}

## Les problèmes de la liste.
##
## Les clés choisies par le code (un format, un type de fichier, un champ)
## sont reprises dans les sélecteurs ; les lignes, feuilles, en-têtes et
## valeurs viennent de la liste et restent tels quels.

# Pourquoi un fichier ne peut pas être lu.
roster-file-empty = le fichier est vide
roster-file-empty-hint = enregistrez-y à nouveau les participants
roster-not-a-spreadsheet = le fichier est { $kind ->
        [png] une image PNG
        [jpeg] une image JPEG
        [gif] une image GIF
        [pdf] un document PDF
        [rtf] un document RTF
        [gzip] une archive gzip
        [rar] une archive RAR
        [odt] un document texte (odt)
        [opendocument] un fichier OpenDocument
        [word] un document Word
        [powerpoint] une présentation PowerPoint
       *[zip] une archive zip
    }, pas un classeur
roster-save-again = ouvrez-le dans un tableur et enregistrez-le en .xlsx, .ods ou .csv, puis réessayez
roster-file-binary = le fichier n’est ni un classeur ni un fichier texte que carnet sait lire
roster-file-html = le fichier est une page web (HTML) enregistrée sous un nom de classeur, pas un vrai classeur
roster-file-xml-2003 = le fichier est au format « Feuille de calcul XML 2003 », que carnet ne lit pas
roster-file-xml = le fichier est un fichier XML, pas un classeur
roster-file-cut = le fichier est abîmé ou incomplet : il commence comme un classeur (une archive zip) mais ne peut pas être ouvert
roster-file-cut-hint = copiez ou téléchargez à nouveau le fichier ; si cela ne suffit pas, ouvrez-le dans un tableur et enregistrez-le à nouveau
roster-file-password = le fichier est protégé par un mot de passe
roster-file-password-hint = ouvrez-le, retirez le mot de passe (Fichier › Informations › Protéger le classeur) et enregistrez-en une copie pour carnet
roster-workbook-unreadable = le fichier ressemble à { $format ->
        [xlsx] un classeur Excel (xlsx)
        [xlsb] un classeur Excel binaire (xlsb)
        [xls] un classeur Excel 97-2003 (xls)
        [ods] une feuille de calcul OpenDocument (ods)
       *[csv] un fichier CSV
    } mais ne peut pas être lu ({ $reason })
roster-workbook-stopped = le fichier ressemble à { $format ->
        [xlsx] un classeur Excel (xlsx)
        [xlsb] un classeur Excel binaire (xlsb)
        [xls] un classeur Excel 97-2003 (xls)
        [ods] une feuille de calcul OpenDocument (ods)
       *[csv] un fichier CSV
    } mais ne peut pas être lu (sa lecture s’est arrêtée sur une partie abîmée)
roster-save-again-or-download = ouvrez-le dans un tableur et enregistrez-le à nouveau ; s’il a été téléchargé, téléchargez-le à nouveau
roster-sheet-stopped = le fichier a une feuille `{ $sheet }` abîmée : sa lecture s’y est arrêtée
roster-sheet-unreadable = le fichier a une feuille `{ $sheet }` qui ne peut pas être lue ({ $reason })
roster-sheet-damaged-hint = ouvrez le fichier dans un tableur et enregistrez-le à nouveau
roster-xls-damaged = le fichier est abîmé ({ $reason })
roster-xls-no-workbook = le fichier est abîmé (il ne contient aucun classeur)
roster-xls-backward-range = le fichier est abîmé (une feuille dit que sa plage utilisée est { $range }, qui finit avant de commencer)
roster-xls-damaged-hint = ouvrez-le dans un tableur et enregistrez-le à nouveau (de préférence en .xlsx)
roster-xlsx-string-count = le fichier est abîmé (sa table des textes, { $part }, dit contenir { $declared } textes, mais en contient { $found })
roster-xlsx-no-string-table = le fichier est abîmé (sa table des textes, { $part }, ne commence pas comme une telle table)

# Un fichier plus grand qu’aucune liste.
roster-stray-cell = la zone utilisée de la feuille s’étend jusqu’à { $cell } à cause d’une cellule isolée à cet endroit ; carnet lit au plus { $rows } lignes et { $columns } colonnes
roster-stray-cell-value = la zone utilisée de la feuille s’étend jusqu’à { $cell } à cause d’une cellule isolée à cet endroit ({ $value }) ; carnet lit au plus { $rows } lignes et { $columns } colonnes
roster-stray-cell-on-sheet = sur la feuille `{ $sheet }`, la zone utilisée de la feuille s’étend jusqu’à { $cell } à cause d’une cellule isolée à cet endroit ; carnet lit au plus { $rows } lignes et { $columns } colonnes
roster-stray-cell-hint = supprimez la cellule { $cell } (et tout ce qui se trouve loin en dessous ou à droite des participants), puis enregistrez à nouveau le fichier
roster-repeated = la cellule { $cell } contient une valeur et { $what ->
        [row] sa ligne est répétée
       *[cell] la cellule est répétée
    } { $times } fois, ce qui étend la zone utilisée de la feuille jusqu’à { $last } ; carnet lit au plus { $rows } lignes et { $columns } colonnes
roster-repeated-on-sheet = sur la feuille `{ $sheet }`, la cellule { $cell } contient une valeur et { $what ->
        [row] sa ligne est répétée
       *[cell] la cellule est répétée
    } { $times } fois, ce qui étend la zone utilisée de la feuille jusqu’à { $last } ; carnet lit au plus { $rows } lignes et { $columns } colonnes
roster-repeated-hint = sélectionnez les lignes (ou les colonnes) qui suivent les participants à partir de { $cell }, supprimez-les, puis enregistrez à nouveau le fichier
roster-too-many-cells = les feuilles comptent plus de { $cells } cellules de leur première cellule utilisée à leur dernière, bien plus que n’en aurait une liste de participants
roster-too-many-cells-at = les feuilles comptent plus de { $cells } cellules de leur première cellule utilisée à leur dernière (l’une va jusqu’à { $cell }), bien plus que n’en aurait une liste de participants
roster-too-many-cells-hint = supprimez les lignes et les colonnes qui ne sont pas celles des participants (une valeur isolée loin en dessous ou à droite, ou d’autres feuilles), puis enregistrez à nouveau le fichier
roster-cell-too-long = la cellule { $cell } contient { $chars } caractères, plus que les { $most } qu’une cellule de tableur peut contenir
roster-cell-too-long-hint = raccourcissez le texte de cette cellule (ou supprimez-le), puis enregistrez à nouveau le fichier
roster-too-many-merges = la feuille a plus de cellules fusionnées que n’en aurait une liste de participants
roster-too-many-merges-hint = annulez la fusion des cellules (tout sélectionner, puis Annuler la fusion), puis enregistrez à nouveau le fichier
roster-zip-damaged = le fichier est abîmé : l’une de ses parties ne peut pas être lue ({ $reason })
roster-zip-part-damaged = le fichier est abîmé : sa partie { $part } ne peut pas être lue ({ $reason })
roster-zip-part-too-large = le fichier fait { $size } { $unit ->
        [mb] Mo
        [kb] ko
       *[bytes] octets
    } compressé, mais sa partie { $part } dépasse à elle seule { $limit } { $limit_unit ->
        [mb] Mo
        [kb] ko
       *[bytes] octets
    } une fois décompressée : aucune liste de participants n’est aussi grande
roster-zip-too-large = le fichier fait { $size } { $unit ->
        [mb] Mo
        [kb] ko
       *[bytes] octets
    } compressé, mais ses parties dépassent { $limit } { $limit_unit ->
        [mb] Mo
        [kb] ko
       *[bytes] octets
    } une fois décompressées : aucune liste de participants n’est aussi grande
roster-zip-too-large-hint = ouvrez-le dans un tableur, supprimez ce qui ne concerne pas les participants et enregistrez-le à nouveau ; s’il vient de quelqu’un d’autre, demandez-lui le classeur lui-même
roster-csv-too-large = le fichier a { $lines ->
        [one] { $lines } ligne
       *[other] { $lines } lignes
    } et jusqu’à { $fields ->
        [one] { $fields } champ
       *[other] { $fields } champs
    } sur une ligne ; carnet lit au plus { $rows } lignes et { $columns } colonnes
roster-csv-too-large-hint = ne gardez dans le fichier que les lignes et les colonnes des participants, puis réessayez

# La feuille et son en-tête.
roster-csv-no-sheets = un fichier CSV n’a pas de feuilles : la feuille `{ $sheet }` est donc ignorée
roster-csv-no-sheets-hint = retirez le réglage de la feuille (roster.sheet ou --sheet) pour ce fichier
badge-qr-too-long = le code QR du badge ne peut pas contenir { $what ->
        [vCard] sa vCard
       *[other] son identifiant
    } ({ $bytes } octets ; un code QR en contient au plus 2331) : le badge est imprimé sans code
badge-qr-too-long-hint = raccourcissez cette cellule, ou mettez `badges.qr: id` (ou `none`) dans content/event.yaml
roster-sheet-empty = la feuille est vide
roster-sheet-empty-hint = écrivez-y les participants, un par ligne, sous une ligne d’en-tête
roster-sheet-no-participant = la feuille a une ligne d’en-tête (ligne { $row }) mais aucun participant en dessous
roster-file-no-participant = le fichier a une ligne d’en-tête (ligne { $row }) mais aucun participant en dessous
roster-no-participant-hint = écrivez une ligne par participant sous la ligne d’en-tête
roster-no-header = aucune ligne d’en-tête parmi les { $searched } premières lignes
roster-no-header-1 = aucune ligne d’en-tête parmi les { $searched } premières lignes (ligne { $row } : { $cells })
roster-no-header-2 = aucune ligne d’en-tête parmi les { $searched } premières lignes (ligne { $row } : { $cells } ; ligne { $row2 } : { $cells2 })
roster-no-header-3 = aucune ligne d’en-tête parmi les { $searched } premières lignes (ligne { $row } : { $cells } ; ligne { $row2 } : { $cells2 } ; ligne { $row3 } : { $cells3 })
roster-no-header-hint = ajoutez au-dessus des participants une ligne qui nomme les colonnes, avec au moins Nom ou Prénom (carnet reconnaît { $headers }), ou réglez roster.header_row dans event.yaml
roster-sheet-not-found = feuille `{ $sheet }` introuvable ; le classeur contient : { $sheets }
roster-sheet-not-found-hint = écrivez l’un de ces noms dans roster.sheet (event.yaml) ou --sheet
roster-every-sheet-empty = toutes les feuilles sont vides ({ $sheets })
roster-every-sheet-empty-hint = écrivez les participants dans une feuille, un par ligne, sous une ligne d’en-tête
roster-no-sheet-header-at = aucune feuille n’a de ligne d’en-tête à la ligne { $row } (roster.header_row) ; feuilles examinées : { $sheets }
roster-no-sheet-header-at-hint = la ligne d’en-tête nomme les colonnes, avec au moins Nom ou Prénom (carnet reconnaît { $headers }) ; corrigez roster.header_row, ou choisissez la feuille avec roster.sheet dans event.yaml
roster-no-sheet-header = aucune feuille n’a de ligne d’en-tête dans ses { $searched } premières lignes avec des participants en dessous ; feuilles examinées : { $sheets }
roster-no-sheet-header-hint = la ligne d’en-tête nomme les colonnes, avec au moins Nom ou Prénom (carnet reconnaît { $headers }) ; ajoutez-en une, ou choisissez la feuille avec roster.sheet et la ligne avec roster.header_row dans event.yaml
roster-unknown-field = `{ $setting }` dans roster.columns n’est pas un champ de la liste
roster-unknown-field-hint = utilisez l’un de ceux-ci : { $fields } (dans event.yaml)
roster-two-columns = deux colonnes pourraient contenir { $field ->
        [last_name] le nom
        [first_name] le prénom
        [organisation] la structure
        [city] la ville
        [profile] le profil
        [email] l’adresse e-mail
        [group] l’atelier
        [visit] la visite
       *[id] l’identifiant
    } : `{ $header }` (colonne { $column }) et celle-ci ; carnet prend la première
roster-two-columns-hint = renommez l’une des deux, ou choisissez avec roster.columns.{ $field } dans event.yaml
roster-header-row-zero = roster.header_row vaut 0, mais les lignes sont numérotées à partir de 1
roster-header-row-zero-hint = écrivez le numéro que le tableur affiche à côté de la ligne d’en-tête
roster-header-row-empty = la ligne { $row } (roster.header_row) n’a pas de colonne de nom ni de prénom ; elle est vide
roster-header-row-no-name = la ligne { $row } (roster.header_row) n’a pas de colonne de nom ni de prénom ; elle contient : { $headers }
roster-header-row-hint = réglez roster.header_row sur la ligne qui nomme les colonnes ({ $headers }), ou nommez une colonne Nom ou Prénom
roster-column-not-found = colonne `{ $header }` introuvable (roster.columns.{ $setting } dans event.yaml) ; la feuille contient : { $headers }
roster-column-not-found-hint = écrivez l’en-tête exactement comme dans la feuille, ou retirez le réglage pour laisser carnet trouver la colonne

# Les lignes, et les colonnes dans leur ensemble.
roster-headless-column = cette colonne n’a pas d’en-tête : ses valeurs sont donc laissées de côté ({ $count ->
        [one] ligne
       *[other] lignes
    } { $rows })
roster-headless-column-hint = écrivez un en-tête au-dessus pour garder ses valeurs (les modèles les reçoivent sous ce nom)
roster-merged = les cellules { $cells } sont fusionnées : leur valeur sert aussi pour { $count ->
        [one] la ligne
       *[other] les lignes
    } { $rows }
roster-merged-hint = annulez la fusion et écrivez la valeur sur chaque ligne (le tri défait les cellules fusionnées)
roster-hidden-skipped = { $count ->
        [one] la ligne { $rows } est masquée dans le tableur (une inscription annulée ?) : elle est laissée de côté
       *[other] les lignes { $rows } sont masquées dans le tableur (des inscriptions annulées ?) : elles sont laissées de côté
    }
roster-hidden-skipped-hint = { $count ->
        [one] s’il s’agit d’un participant, affichez-la dans le tableur ou écrivez `roster.hidden_rows: read` dans content/event.yaml pour la lire
       *[other] s’il s’agit de participants, affichez-les dans le tableur ou écrivez `roster.hidden_rows: read` dans content/event.yaml pour les lire
    }
roster-filtered-skipped = { $count ->
        [one] la ligne { $rows } est masquée par le filtre de la feuille : elle est laissée de côté
       *[other] les lignes { $rows } sont masquées par le filtre de la feuille : elles sont laissées de côté
    }
roster-filtered-skipped-hint = { $count ->
        [one] s’il s’agit d’un participant, effacez le filtre ou écrivez `roster.hidden_rows: read` dans content/event.yaml pour la lire
       *[other] s’il s’agit de participants, effacez le filtre ou écrivez `roster.hidden_rows: read` dans content/event.yaml pour les lire
    }
roster-hidden-read = { $count ->
        [one] la ligne { $rows } est masquée dans le tableur : elle est lue, comme le demande `roster.hidden_rows: read`
       *[other] les lignes { $rows } sont masquées dans le tableur : elles sont lues, comme le demande `roster.hidden_rows: read`
    }
roster-filtered-read = { $count ->
        [one] la ligne { $rows } est masquée par le filtre de la feuille : elle est lue, comme le demande `roster.hidden_rows: read`
       *[other] les lignes { $rows } sont masquées par le filtre de la feuille : elles sont lues, comme le demande `roster.hidden_rows: read`
    }
roster-hidden-read-hint = { $count ->
        [one] supprimez-la s’il ne s’agit pas d’un participant, ou écrivez `roster.hidden_rows: skip` dans content/event.yaml pour la laisser de côté
       *[other] supprimez-les s’il ne s’agit pas de participants, ou écrivez `roster.hidden_rows: skip` dans content/event.yaml pour les laisser de côté
    }
roster-leading-zero = ce nombre a peut-être perdu un zéro au début : il a { $digits ->
        [one] { $digits } chiffre
       *[other] { $digits } chiffres
    }, alors qu’{ $kind ->
        [phone] un numéro de téléphone français
        [postcode] un code postal français
        [siret] un numéro SIRET
        [siren] un numéro SIREN
       *[other] un identifiant
    } en a { $expected }
roster-leading-zero-other = ce nombre a peut-être perdu un zéro au début : il a { $digits ->
        [one] { $digits } chiffre
       *[other] { $digits } chiffres
    }, alors que les autres valeurs de la colonne en ont { $expected }, avec des zéros au début
roster-leading-zero-more = { $count ->
        [one] { $count } autre nombre de cette colonne a peut-être perdu un zéro au début (ligne { $rows })
       *[other] { $count } autres nombres de cette colonne ont peut-être perdu un zéro au début (lignes { $rows })
    }, car { $kind ->
        [phone] un numéro de téléphone français
        [postcode] un code postal français
        [siret] un numéro SIRET
        [siren] un numéro SIREN
       *[other] un identifiant
    } a { $expected } chiffres
roster-leading-zero-more-other = { $count ->
        [one] { $count } autre nombre de cette colonne a peut-être perdu un zéro au début (ligne { $rows })
       *[other] { $count } autres nombres de cette colonne ont peut-être perdu un zéro au début (lignes { $rows })
    }, car les autres valeurs de la colonne ont { $expected } chiffres, avec des zéros au début
roster-leading-zero-hint = mettez la colonne au format texte et retapez le nombre avec son 0 au début, ou donnez à la colonne le format de nombre { $format }
roster-leading-zero-no-formats-hint = carnet ne sait pas lire les formats de nombre de ce type de fichier : si le tableur affiche le 0, enregistrez le fichier en .xlsx ; sinon, mettez la colonne au format texte et retapez le nombre avec son 0 au début (ou donnez à la colonne le format de nombre { $format })
roster-column-of-emails = la colonne { $column } contient des adresses e-mail ({ $alike } { $alike ->
        [one] valeur
       *[other] valeurs
    } sur { $all }), mais carnet ne connaît pas son en-tête : personne ne peut donc recevoir son carnet à ces adresses
roster-column-of-emails-hint = s’il s’agit de l’adresse e-mail des participants, nommez la colonne dans content/event.yaml, sous `roster:` :
    {"      "}columns:
    {"        "}email: { $header }
roster-column-of-profiles = la colonne { $column } contient les profils de l’événement ({ $alike } { $alike ->
        [one] valeur
       *[other] valeurs
    } sur { $all }), mais carnet ne connaît pas son en-tête : personne n’en reçoit donc de profil
roster-column-of-profiles-hint = s’il s’agit du profil des participants, nommez la colonne dans content/event.yaml, sous `roster:` :
    {"      "}columns:
    {"        "}profile: { $header }
roster-no-email-column = aucune colonne d’adresse e-mail : personne ne peut donc recevoir son carnet (la feuille contient : { $headers })
roster-no-email-column-hint = ajoutez une colonne Email avec l’adresse de chaque participant (carnet reconnaît { $known }…), ou nommez la vôtre dans content/event.yaml, sous `roster:` :
    {"      "}columns:
    {"        "}email: "Votre en-tête"
roster-formula-error = la cellule affiche une erreur de formule : elle est donc lue comme vide
roster-formula-error-hint = corrigez la formule dans le tableur, ou tapez la valeur à la place
roster-total-row = cette ligne ressemble à un total, pas à un participant : elle est laissée de côté
roster-total-row-hint = rien à faire si c’est un total ; si c’est une personne, écrivez aussi son prénom
roster-id-only = cette ligne a un identifiant mais rien d’autre : elle est laissée de côté
roster-id-only-hint = complétez le participant, ou effacez l’identifiant
roster-no-name-both = pas de nom : le nom et le prénom sont tous deux vides
roster-no-name = pas de nom : la cellule est vide
roster-no-name-hint = écrivez le nom du participant, ou supprimez la ligne si ce n’est pas un participant
roster-email-several = plusieurs adresses dans une même cellule
roster-email-several-hint = gardez une seule adresse par participant ; mettez l’autre dans une autre colonne
roster-email-no-at = ce n’est pas une adresse e-mail : il n’y a pas de @
roster-email-invalid = ce n’est pas une adresse e-mail
roster-email-fix-hint = corrigez l’adresse, ou laissez la cellule vide (ce participant ne recevra aucun courriel)
roster-unknown-profile = ce n’est pas l’un des profils de l’événement
roster-unknown-profile-hint = écrivez l’un de ceux-ci : { $profiles } (les formes féminines et inclusives sont comprises), ou ajoutez-le aux alias d’un profil dans event.yaml
roster-id-unusable = cet identifiant ne peut pas servir de nom de fichier : carnet en crée un
roster-id-changed = cet identifiant devient `{ $id }` pour pouvoir servir de nom de fichier
roster-id-changed-hint = n’utilisez que des lettres, des chiffres, - et _ dans les identifiants
roster-no-id = pas d’identifiant : carnet en crée un à partir du nom
roster-no-id-hint = remplissez l’identifiant, ou retirez la colonne des identifiants pour que carnet les crée tous

# Les lignes comparées entre elles.
roster-same-person = la même personne qu’à la ligne { $row } ({ $who })
roster-same-person-hint = supprimez l’une des deux lignes ; s’il s’agit de deux personnes, distinguez-les (par exemple par leur structure)
roster-same-person-email = la même personne qu’à la ligne { $row } (même nom et même adresse e-mail)
roster-same-person-email-hint = supprimez l’une des deux lignes
roster-same-email = la même adresse e-mail qu’à la ligne { $row } ({ $name })
roster-same-email-hint = s’ils partagent cette adresse, chacun y recevra son propre courriel ; s’il s’agit d’une seule personne, supprimez une ligne
roster-id-clash = cet identifiant et l’identifiant `{ $id }` de la ligne { $row } ({ $name }) ne diffèrent que par les majuscules ou la ponctuation : tous deux donneraient les fichiers `{ $files }`
roster-id-clash-hint = donnez aux deux participants des identifiants qui diffèrent d’au moins une lettre ou un chiffre
roster-id-used = cet identifiant est déjà pris par la ligne { $row } ({ $name })
roster-id-used-hint = donnez à chaque participant son propre identifiant

# Les caractères qu’aucune police de l’événement n’a.
roster-no-glyph = { $field ->
        [first_name] le prénom
        [last_name] le nom
        [organisation] la structure
        [city] la ville
        [group] l’atelier
       *[visit] la visite
    } de { $name } : aucune police n’a { $chars } ; { $count ->
        [one] ce caractère s’imprimerait
       *[other] ces caractères s’imprimeraient
    } sous forme de carrés vides
roster-no-glyph-extra = le champ “{ $header }” de { $name } : aucune police n’a { $chars } ; { $count ->
        [one] ce caractère s’imprimerait
       *[other] ces caractères s’imprimeraient
    } sous forme de carrés vides
roster-no-glyph-hint = ajoutez une police qui a ces caractères (un fichier .ttf ou .otf, par exemple de la famille Noto) au dossier fonts/ de l’événement

## carnet mail.
##
## Les fichiers, adresses, identifiants, noms, dates et les réponses du
## serveur viennent tels quels.

mail-no-mail-section = il n’y a pas de section `mail:` : carnet ne sait pas qui envoie les carnets, ni quels sont l’objet et le texte du message
mail-no-mail-section-hint = ajoutez une section `mail:` avec `from`, `subject` et `body` (des modèles minijinja) ; `carnet init DOSSIER` en écrit un exemple
mail-unknown-ids = { $flag } { $ids } : aucun participant de la liste n’a cet identifiant ; les identifiants sont dans la première colonne du fichier manifest.csv du dossier
mail-roster-errors = avertissement : { $count ->
        [one] { $count } problème
       *[other] { $count } problèmes
    } dans la liste { $file } ; les lignes concernées sont laissées de côté (`carnet check` les énumère)
mail-torn-journal = remarque : la dernière ligne de { $journal } a été coupée par un envoi interrompu ; elle est ignorée
mail-unseen-pack = remarque : le journal { $journal } garde trace de messages de cet événement, mais d’aucun pour { $count ->
        [one] le carnet
       *[other] les { $count } carnets
    } de { $pack } : tous sont nouveaux pour le journal (des inscriptions tardives ?) ; vérifiez qu’il s’agit bien du bon événement
mail-stale = { $count ->
        [one] { $count } carnet n’est plus à jour
       *[other] { $count } carnets ne sont plus à jour
    } ({ $names }{ $more }, voir ci-dessus) : leurs données ont changé depuis la construction du dossier, ou leur carnet n’y est pas ; rien n’a été envoyé
mail-stale-more = et { $count } autres
mail-stale-hint = reconstruisez le dossier avec `carnet build` (les carnets inchangés gardent les mêmes octets : rien n’est envoyé deux fois), ou laissez ces participants de côté avec --only
mail-stale-absent = pas de carnet dans le dossier

# La liste et le dossier côte à côte.
mail-without-email = { $count ->
        [one] { $count } participant
       *[other] { $count } participants
    } sans adresse de courriel (pas de message) :
mail-stale-pack = avertissement : le dossier n’est peut-être plus à jour, reconstruisez-le avec `carnet build` ; pas de message pour :
mail-person-problem = { $id } { $name } : { $problem }
mail-stale-made-for = le fichier { $file } du dossier a été fait pour { $name }
mail-stale-old-pack = le dossier a été fait par une version antérieure de carnet, qui n’enregistrait pas à partir de quoi chaque carnet était fait
mail-stale-address = le fichier { $file } du dossier a été fait avec l’adresse { $was } ; la liste indique maintenant { $now }
mail-stale-data = le fichier { $file } du dossier a été fait à partir d’autres données : la ligne { $row } de la liste ou le contenu de l’événement a changé depuis la construction du dossier
mail-orphans = avertissement : le dossier contient des carnets pour des identifiants absents de la liste (le dossier n’est peut-être plus à jour : reconstruisez-le avec `carnet build`) :

# Ce que dit le journal.
mail-unchanged = Absents de ce dossier, inchangés depuis leur envoi : { $count } (d’après le journal)
mail-unchanged-person = { $id } { $name } : envoyé le { $time }
mail-changed-absent = avertissement : { $id } { $name } : le carnet a changé depuis son envoi le { $time }, et ce dossier n’en contient pas pour cette personne : pour envoyer le nouveau, utilisez --resend { $id } avec un dossier qui le contient
mail-already-sent = Déjà envoyés, laissés de côté : { $count } (d’après le journal ; --resend ID envoie de nouveau)
mail-sent-under-id = { $id } { $name } : envoyé le { $time } sous l’identifiant { $was }, avant une correction de la liste
mail-changed = avertissement : { $id } { $name } : le carnet a changé depuis son envoi le { $time } : utilisez --resend { $id } pour envoyer le nouveau
mail-changed-under-id = avertissement : { $id } { $name } : le carnet a changé depuis son envoi le { $time } sous l’identifiant { $was } : utilisez --resend { $id } pour envoyer le nouveau
mail-refused-before = avertissement : { $id } { $name } <{ $to }> : refusé par le serveur le { $time } ({ $reply }) ; corrigez l’adresse dans la liste, ou utilisez --resend { $id } pour réessayer
mail-no-reply = pas de réponse
mail-journal-busy = { $path } : un autre `carnet mail --send` envoie déjà depuis cette boîte d’envoi ; attendez qu’il ait fini (deux envois simultanés pourraient envoyer un message deux fois)
mail-journal-read-only = { $path } : le journal a été ouvert en lecture seule
mail-journal-emptied = cet événement a envoyé des messages avec ce journal, qui est maintenant vide ou a été supprimé : avec lui, chacun recevrait un second message ; rien n’a été envoyé
mail-journal-emptied-hint = restaurez le journal depuis une sauvegarde ; si vous voulez vraiment tout recommencer, retirez sa ligne de { $registry }
mail-journal-elsewhere = les messages de cet événement sont enregistrés dans le journal { $other } ; envoyer avec { $journal } les enverrait de nouveau ; rien n’a été envoyé
mail-journal-gone = cet événement a envoyé des messages avec le journal { $other }, qui a disparu ; avec un nouveau journal, chacun recevrait un second message ; rien n’a été envoyé
mail-journal-elsewhere-hint = envoyez avec --outbox { $folder } (ou sans --outbox s’il s’agit de dist/outbox) ; si ce journal est perdu pour de bon et que vous voulez tout recommencer, retirez sa ligne de { $registry }
mail-journal-other = avertissement : cet événement envoie avec le journal { $other } ; cet envoi lit { $journal }, qui ne sait pas ce qui a été envoyé (--outbox le choisit)
mail-journal-bad-line = la ligne { $line } n’est pas un enregistrement du journal : { $error }
mail-journal-bad-line-hint = le journal n’est écrit que par `carnet mail --send` ; restaurez cette ligne, ou supprimez-la si vous savez ce qu’elle disait

# Pourquoi un message part de nouveau.
mail-again-pending = de nouveau : l’envoi du { $time } s’est arrêté avant la réponse du serveur ; même Message-ID, pour qu’une copie puisse être reconnue
mail-again-failed = de nouveau, après des échecs temporaires le { $time }
mail-again-resend-new = de nouveau, comme le demande --resend ; nouveau Message-ID
mail-again-resend = de nouveau, comme le demande --resend
mail-again-new-address = à une nouvelle adresse : le carnet est parti à { $to } le { $time }
mail-bad-address = participant { $id } : { $problem }
mail-bad-address-hint = corrigez l’adresse dans la liste
mail-unbuildable = participant { $id } : le message ne peut pas être construit : { $problem }
mail-unbuildable-hint = vérifiez l’adresse du participant, et `mail.from` dans event.yaml

# Les tailles.
mail-attachments = Pièces jointes : { $total } en tout ; au plus { $largest } par message ({ $id } { $name })
mail-heavy = avertissement : { $id } { $name } : les pièces jointes pèsent { $size }, plus que --max-size { $max } ; le base64 ajoute un tiers dans le message, et certains serveurs refusent les gros messages
mail-megabytes = { $size } Mo

# L’essai à blanc.
mail-dry-nothing = Essai à blanc : rien à envoyer.
mail-dry-to-send = Essai à blanc : { $count ->
        [one] { $count } message à envoyer, écrit
       *[other] { $count } messages à envoyer, écrits
    } dans { $outbox } (rien n’a été envoyé) :
mail-from = De : { $from }
mail-reply-to = Répondre à : { $address }
mail-subject = Objet : { $subject }
mail-how-to-send = Pour les envoyer : carnet mail --send --smtp smtps://smtp.example.org:465, avec l’identifiant dans { $user } et le mot de passe dans { $password }

# L’envoi.
mail-sending = envoi de { $count ->
        [one] { $count } message
       *[other] { $count } messages
    } par { $server }, au plus { $rate } par minute ; journal : { $journal }
mail-try-again = { $progress } : { $reply } ; nouvel essai dans { $delay } (essai { $attempt })
mail-sent-to = { $progress } : envoyé à { $to }
mail-refused = { $progress } : refusé par le serveur : { $reply }
mail-failed = { $progress } : pas envoyé, le serveur a échoué à chaque essai : { $reply }
mail-unanswered = { $progress } : pas de réponse après l’envoi du message ({ $what }) ; il est peut-être arrivé : un nouvel envoi le renverra avec le même Message-ID
mail-stopped-at = { $progress } : pas envoyé, arrêt { $step } : { $reply }
mail-step = { $step ->
        [connect] pendant la connexion
        [login] pendant l’identification
        [mail] à MAIL FROM
        [rcpt] à RCPT TO
       *[data] à DATA
    }
mail-nothing-to-send = Rien à envoyer (journal : { $journal }).
mail-sent-through = Envoyés par { $server } : { $sent } sur { $count ->
        [one] { $count } message
       *[other] { $count } messages
    } (journal : { $journal }).
mail-refused-list = Refusés par le serveur ({ $count }) :
mail-reply-line = { $id } { $to } : { $reply }
mail-failed-list = Pas envoyés après des échecs temporaires répétés ({ $count }) ; un nouvel envoi les réessaiera :
mail-not-sent-yet = Pas encore envoyés : { $count } ; relancez l’envoi pour les envoyer : le journal laisse de côté ce qui est parti.
mail-stopped = arrêt { $step } : { $reply }
mail-refusals-in-a-row = arrêt après { $count } refus d’affilée : le serveur semble refuser tous les messages
mail-refusals-in-a-row-hint = lisez les réponses ci-dessus ; un serveur qui refuse les messages du domaine de l’expéditeur demande que SPF, DKIM et DMARC soient configurés pour lui (voir le README)
mail-unanswered-error = { $count ->
        [one] { $count } message envoyé n’a jamais reçu de réponse
       *[other] { $count } messages envoyés n’ont jamais reçu de réponse
    } : la connexion a été coupée ou a expiré avant la réponse du serveur (voir ci-dessus)
mail-unanswered-hint = ils sont peut-être arrivés : un nouvel envoi les renverra avec le même Message-ID, qui permet de reconnaître une copie
mail-undelivered = { $count ->
        [one] { $count } message n’a pas été remis
       *[other] { $count } messages n’ont pas été remis
    } (voir ci-dessus)
mail-undelivered-hint = corrigez les adresses refusées dans la liste, reconstruisez le dossier et relancez l’envoi (ou utilisez --resend ID) ; relancez plus tard pour les échecs temporaires
