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
roster-xls-damaged-hint = ouvrez-le dans un tableur et enregistrez-le à nouveau (de préférence en .xlsx)

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
