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
