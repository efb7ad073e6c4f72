"""Figures the scale generator (scale.py) draws from, vendored so it needs no network.

POPULATION: inhabitants by state, INEGI, Censo de Población y Vivienda 2020 (total
126,014,024), keyed by ISO 3166-2:MX code. The rest are the shape of CONOCER's history
(docs/shared DOMAIN figures): 1,477 standards in the RENEC catalogue, about 20% ever used;
the most used ones' shares are the demo catalogue's `usage_weight`s (37.0 %, 12.6 %,
7.6 %, 5.7 %, 4.8 %, 1.6 %, 1.4 %, …); several hundred awarding bodies, 26 active in 2009.
"""

POPULATION = {
    "AGU": 1_425_607, "BCN": 3_769_020, "BCS": 798_447, "CAM": 928_363, "CHP": 5_543_828,
    "CHH": 3_741_869, "CMX": 9_209_944, "COA": 3_146_771, "COL": 731_391, "DUR": 1_832_650,
    "GUA": 6_166_934, "GRO": 3_540_685, "HID": 3_082_841, "JAL": 8_348_151, "MEX": 16_992_418,
    "MIC": 4_748_846, "MOR": 1_971_520, "NAY": 1_235_456, "NLE": 5_784_442, "OAX": 4_132_148,
    "PUE": 6_583_278, "QUE": 2_368_467, "ROO": 1_857_985, "SLP": 2_822_255, "SIN": 3_026_943,
    "SON": 2_944_840, "TAB": 2_402_598, "TAM": 3_527_735, "TLA": 1_342_977, "VER": 8_062_579,
    "YUC": 2_320_898, "ZAC": 1_622_138,
}
CAPITALS = {
    "AGU": "Aguascalientes", "BCN": "Mexicali", "BCS": "La Paz", "CAM": "Campeche",
    "CHP": "Tuxtla Gutiérrez", "CHH": "Chihuahua", "CMX": "Cuauhtémoc", "COA": "Saltillo",
    "COL": "Colima", "DUR": "Durango", "GUA": "León", "GRO": "Chilpancingo",
    "HID": "Pachuca", "JAL": "Guadalajara", "MEX": "Toluca", "MIC": "Morelia",
    "MOR": "Cuernavaca", "NAY": "Tepic", "NLE": "Monterrey", "OAX": "Oaxaca de Juárez",
    "PUE": "Puebla", "QUE": "Querétaro", "ROO": "Cancún", "SLP": "San Luis Potosí",
    "SIN": "Culiacán", "SON": "Hermosillo", "TAB": "Villahermosa", "TAM": "Ciudad Victoria",
    "TLA": "Tlaxcala", "VER": "Xalapa", "YUC": "Mérida", "ZAC": "Zacatecas",
}
CATALOGUE_SMALL, CATALOGUE_LARGE = 650, 1_477  # standards (655 in force in 2009; RENEC)
LARGE_FROM = 100_000  # certificates from which the catalogue is the RENEC's size
USED_FRACTION = 0.20  # of the catalogue, ever used to certify anyone
AWARDING_BODIES = 26
FIRST_YEAR, GROWTH = 2008, 1.10  # certificates per year grow by 10 % a year
REVOKED, CANCELLED = 0.02, 0.005  # of the generated certificates
SECOND_CERTIFICATE = 0.10  # of holders hold one more
NO_CENTRE = 0.05  # certificates issued by the awarding body itself
AGES = (18, 65, 29)  # youngest, oldest, most frequent age on the day of issue
ACTIVITIES = [
    "Atención a", "Operación de", "Supervisión de", "Mantenimiento de", "Elaboración de",
    "Gestión de", "Instalación de", "Coordinación de", "Promoción de", "Control de",
]
OBJECTS = [
    "usuarios en servicios de salud", "maquinaria agrícola", "procesos de soldadura",
    "almacenes de materias primas", "sistemas de riego", "centros de llamadas",
    "inventarios en tiendas de autoservicio", "equipos de refrigeración",
    "servicios de limpieza hospitalaria", "viveros forestales", "líneas de embotellado",
    "proyectos comunitarios", "archivos de trámite", "redes de distribución eléctrica",
    "talleres de costura", "cocinas de comedores escolares", "rutas de transporte escolar",
    "unidades de hemodiálisis", "plantas de tratamiento de agua", "cajas de ahorro popular",
]
BODY_NAMES = [
    "Instituto de Capacitación para el Trabajo", "Universidad Tecnológica",
    "Colegio de Estudios Científicos y Tecnológicos", "Cámara Nacional de la Industria",
    "Centro de Formación Profesional", "Asociación de Profesionales en Competencias",
]
