"""The demo registry's fixed facts: level descriptors, bodies, centres, foreign people."""

LEVELS = {
    1: "Un conjunto pequeño de actividades de trabajo variadas; predominan las actividades "
       "rutinarias y predecibles.",
    2: "Un conjunto significativo de actividades de trabajo variadas en diversos contextos; "
       "algunas complejas o no rutinarias; baja responsabilidad y autonomía; a menudo en "
       "colaboración con otros.",
    3: "Un amplio conjunto de actividades variadas en una amplia variedad de contextos, la "
       "mayoría complejas y no rutinarias; considerable responsabilidad y autonomía; a menudo "
       "controla u orienta a otros.",
    4: "Un amplio conjunto de actividades técnicas o profesionales complejas en diversos "
       "contextos; alta responsabilidad y autonomía personal; responsable del trabajo de "
       "otros; ocasionalmente asigna recursos.",
    5: "Aplica principios fundamentales y técnicas complejas en contextos amplios y a menudo "
       "impredecibles; gran autonomía; con frecuencia asigna recursos; responsable de "
       "análisis, diagnóstico, diseño, planeación, ejecución y evaluación.",
}

AWARDING_BODIES = [
    {"name": "Colegio Nacional de Educación Profesional Técnica", "acronym": "CONALEP",
     "kind": "ECE", "state": "MEX", "city": "Metepec", "email": "certificacion@conalep.example.mx"},
    {"name": "Instituto de Capacitación para el Trabajo del Estado de Jalisco",
     "acronym": "IDEFT Jalisco", "kind": "ECE", "state": "JAL", "city": "Guadalajara",
     "email": "competencias@ideft.example.mx"},
    {"name": "Certificación Laboral del Noreste, A.C.", "acronym": "CERLAN", "kind": "OC",
     "state": "NLE", "city": "Monterrey", "email": "contacto@cerlan.example.mx"},
]
CENTRES = [
    ("CE-CONALEP-MEX-01", 0, "CONALEP Plantel Toluca", "MEX", "Toluca"),
    ("CE-CONALEP-CMX-02", 0, "CONALEP Plantel Azcapotzalco", "CMX", "Azcapotzalco"),
    ("CE-CONALEP-PUE-03", 0, "CONALEP Plantel Puebla II", "PUE", "Puebla"),
    ("CE-IDEFT-JAL-01", 1, "Centro de Evaluación IDEFT Zapopan", "JAL", "Zapopan"),
    ("CE-IDEFT-JAL-02", 1, "Centro de Evaluación IDEFT Tlaquepaque", "JAL",
     "San Pedro Tlaquepaque"),
    ("CE-CERLAN-NLE-01", 2, "Centro de Evaluación Cumbres", "NLE", "Monterrey"),
    ("CE-CERLAN-YUC-02", 2, "Centro de Evaluación Península", "YUC", "Mérida"),
    ("CE-CERLAN-OAX-03", 2, "Centro de Evaluación Valles Centrales", "OAX", "Oaxaca de Juárez"),
]
FOREIGN_CANDIDATES = [
    ("passport", "G41873920", "GT", "Marvin Estuardo", "Ajú", "Coyoy", "1991-05-14"),
    ("passport", "E12903477", "HN", "Keila Yolibeth", "Maradiaga", "Reyes", "1988-11-02"),
    ("consular_id", "MC-0459281", "US", "Juan Pablo", "Lara", "Ochoa", "1979-02-19"),
    ("passport", "155483021", "VE", "Andreína", "Castellanos", "Pérez", "1995-08-30"),
    ("foreign_id", "1023456789", "CO", "Yeison Andrés", "Murillo", "Palacios", "1993-04-07"),
]
# Where each centre is and how to reach it (street with colonia, postal code, phone with
# its area code, website); e-mail addresses follow the centre's code.
CENTRE_CONTACTS = {
    "CE-CONALEP-MEX-01": ("Av. Miguel Hidalgo Pte. 1210, Col. San Bernardino", "50080",
                          "722 214 3350", "https://toluca.conalep.example.mx"),
    "CE-CONALEP-CMX-02": ("Calz. Vallejo 1280, Col. Santa Catarina", "02250",
                          "55 5352 7410", "https://azcapotzalco.conalep.example.mx"),
    "CE-CONALEP-PUE-03": ("Blvd. Héroes del 5 de Mayo 3706, Col. Anzures", "72530",
                          "222 240 6618", "https://puebla2.conalep.example.mx"),
    "CE-IDEFT-JAL-01": ("Av. Ávila Camacho 2670, Col. Ciudad Granja", "45010",
                        "33 3673 2041", "https://zapopan.ideft.example.mx"),
    "CE-IDEFT-JAL-02": ("Calle Juárez 245, Col. Centro", "45500",
                        "33 3635 1190", "https://tlaquepaque.ideft.example.mx"),
    "CE-CERLAN-NLE-01": ("Av. Paseo de los Leones 1634, Col. Cumbres 1er Sector", "64610",
                         "81 8333 4720", "https://www.cerlan.example.mx/cumbres"),
    "CE-CERLAN-YUC-02": ("Calle 60 No. 491 x 57 y 59, Col. Centro", "97000",
                         "999 923 0518", "https://www.cerlan.example.mx/peninsula"),
    "CE-CERLAN-OAX-03": ("Av. Independencia 1005, Col. Centro", "68000",
                         "951 516 2874", "https://www.cerlan.example.mx/valles-centrales"),
}
# The words people type for what the catalogue words otherwise (CONOCER keeps the list).
SEARCH_SYNONYMS = [
    ("guardería", "cuidado infantil, atención infantil"),
    ("estancia infantil", "cuidado infantil, atención infantil"),
    ("niñera", "cuidado infantil"),
    ("excel", "hojas de cálculo, herramientas de cómputo"),
    ("word", "elaboración de documentos, herramientas de cómputo"),
    ("computación", "herramientas de cómputo, equipo de cómputo"),
    ("paneles solares", "fotovoltaicos"),
    ("barista", "café espresso"),
    ("mesero", "atención a comensales"),
    ("recamarera", "preparación de habitaciones"),
    ("montacarguista", "montacargas"),
    ("trailero", "autotransporte de carga"),
    ("albañil", "mampostería"),
    ("bienes raíces", "bienes inmuebles"),
    ("instructor", "impartición de cursos"),
    ("cuidador", "adultas mayores, discapacidad"),
    ("programador", "desarrollo de aplicaciones"),
    ("soporte técnico", "equipo de cómputo"),
]
