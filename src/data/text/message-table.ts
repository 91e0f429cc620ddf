// The English of every message src/data words, by key. en.json holds the same
// templates (a unit test checks it), so the page and the CLI say one thing.
// Templates are ICU MessageFormat without plurals: `{name}` placeholders only,
// so English is made here by a plain fill (see english() in messages.ts).

export const DATA_MESSAGES = {
  'data.problem.skipped': '{where}: {field} {message}',
  'data.problem.loaded': '{where}: {field} {message} (loaded)',
  'data.where.file': 'file',
  'data.where.feature': 'feature {index}',
  'data.where.featureId': 'feature {index} ({id})',
  'data.where.row': 'row {row}',
  'data.where.rowId': 'row {row} ({id})',

  'data.value.cut': '{text} ({length} characters)',
  'data.value.nothing': 'nothing',
  'data.value.aList': 'a list',
  'data.value.anObject': 'an object',
  'data.value.jsonArray': 'a list (JSON array)',
  'data.value.string': 'the string {value}',
  'data.value.number': 'the number {value}',
  'data.value.boolean': 'the value {value}',
  'data.value.pair': '{first}, {next}',
  'data.value.nestedTooDeeply': 'it is nested too deeply',

  'data.date.empty': 'is empty; expected an EDTF date such as 2024-12-24 or 2024-09',
  'data.date.tooLong':
    '{value} is not an EDTF date: it is longer than the {max} characters a date may have; expected e.g. 2024-12-24 or 2024-12-16/2024-12-22',
  'data.date.notEdtf':
    '{value} is not an EDTF date; expected e.g. 2024-12-24, 2024-09, 2024-12-21~ or 2024-12-16/2024-12-22',
  'data.date.list': '{value} is a list of dates; give one date or an interval',
  'data.date.endFirst':
    '{value} is an interval whose end ({end}) does not start after its start ({start}); write the start first, and the end as a later date',
  'data.date.noSuchDay': '{value} names a day that does not exist in the calendar',
  'data.date.noStart': '{value} has no start; the timeline needs at least a start date',
  'data.date.endsBefore': '{value} ends before it starts',
  'data.date.missing': 'missing; expected an EDTF date string',
  'data.date.wrongType': 'is {value}; expected an EDTF date string such as 2024-12-24',
  'data.date.notDate': 'is {value}; expected a date',
  'data.date.none':
    'missing; expected a "date" property with an EDTF date such as 2024-12-24 (or event_date, date_start, or time in milliseconds)',

  'data.feature.notFeature': 'is not a GeoJSON Feature',
  'data.feature.noProperties': 'missing; expected an object with title, date and the other fields',
  'data.feature.notObject': 'is {value}; expected a GeoJSON Feature object',
  'data.feature.unreadable': 'could not be read ({why}); skipped',
  'data.id.notSlug': '{value} is not a URL-safe slug (letters, digits, . _ ~ -, at most {max} characters); skipped',
  'data.id.usedRenamed': '{value} is used by an earlier incident; renamed {id}',
  'data.id.usedSuffixed': '{value} is used by an earlier incident; renamed with {suffix} added',
  'data.geometry.notPoint': 'is not a Point with numeric coordinates',
  'data.geometry.outside': '{point} is outside [-180, 180] x [-90, 90]',
  'data.geometry.null': 'is null; an incident needs a location (a Point, or a line or area to place it on)',
  'data.geometry.noPoint': 'no point could be found on this {type}',
  'data.title.missing': 'missing; every incident needs a title',
  'data.summary.notText': 'is not text; ignored',
  'data.category.missing': 'missing; shown as "other"',
  'data.order.notInteger': 'is not an integer; ignored',
  'data.place.unknown': '{value} is not a place in places.geojson',
  'data.precision.unknown': '{value} is not one of {list}; treated as "exact"',
  'data.actors.notList': 'is not a list of names; ignored',
  'data.country.notName': 'is not the name of a country; ignored',
  'data.fatalities.notNumber': 'is not a number of people; ignored',
  'data.fatalities.notLowest': '{value} is not the lowest number of deaths claimed ({lowest}); kept',
  'data.related.notList': 'is not a list of incident ids; ignored',
  'data.related.unknownOne': 'names unknown incident {ids}',
  'data.related.unknown': 'names unknown incidents {ids}',
  'data.related.unknownMore': 'names unknown incidents {ids} and {more} more',
  'data.sources.none': 'no source with a title or publisher; at least one is expected',
  'data.origin.unknown': '{value} is not a place in places.geojson; no journey is drawn',

  'data.claims.notList': 'is not a list of claims; ignored',
  'data.claim.notObject': 'claim {n} is not an object; left out',
  'data.claim.needWhat': 'what is counted ("what")',
  'data.claim.needValue': 'a number of 0 or more ("value")',
  'data.claim.needBy': 'who claims it ("by")',
  'data.claim.leftOut': 'claim {n} is left out: it needs {needs}',
  'data.claim.badRange': "claim {n}'s low and high are not a range around its value; left out of it",
  'data.claim.badQualifier': "claim {n}'s qualifier {value} is not one of {list}; ignored",
  'data.claim.source': 'claim {n} ({by}) {why}',
  'data.source.none': 'names no source',
  'data.source.asText': 'names source {value} as text; a source is named by its number (0 for the first)',
  'data.source.noSources': 'names source {value}, but the incident has no sources',
  'data.source.notOne': "names source {value}, which is not one of the incident's {count} (0 to {last})",
  'data.source.leftOut': 'names source {value}, which has neither a title nor a publisher and was left out',
  'data.source.ignored': '{why}; ignored',

  'data.place.notObject': 'is not an object',
  'data.place.badId': 'missing or not a URL-safe slug (of at most {max} characters)',
  'data.place.usedId': '{value} is used by an earlier place',
  'data.place.noGeometry': 'missing; a place needs a point or a polygon',

  'data.cell.notMilliseconds':
    '{value} is not a time in milliseconds; expected a date such as 2024-12-05, 2024-12, 05 December 2024, 05-Dec-24 or 05/12/2024 (day/month/year)',
  'data.cell.emptyDate':
    'is empty; expected a date such as 2024-12-05, 2024-12, 05 December 2024, 05-Dec-24 or 05/12/2024 (day/month/year)',
  'data.cell.notDate':
    '{value} is not a date; expected a date such as 2024-12-05, 2024-12, 05 December 2024, 05-Dec-24 or 05/12/2024 (day/month/year)',
  'data.cell.notDateWhy':
    '{value} is not a date ({why}); expected a date such as 2024-12-05, 2024-12, 05 December 2024, 05-Dec-24 or 05/12/2024 (day/month/year)',
  'data.cell.dateTooLong': 'it is longer than the {max} characters a date may have',
  'data.cell.noSuchDay': 'there is no such day',
  'data.cell.notMonth': '{value} is not a month',

  'data.cell.expectedLatitude': 'expected a latitude in decimal degrees (-90 to 90)',
  'data.cell.expectedLongitude': 'expected a longitude in decimal degrees (-180 to 180)',
  'data.cell.emptyNumber': 'is empty; {expected}',
  'data.cell.notNumber': '{value} is not a number; {expected}',
  'data.cell.swapped':
    '{lat} is not a latitude (more than 90) but the longitude {lon} could be one: they look swapped, so read as latitude {lon}, longitude {lat}',
  'data.cell.latitudeOutside': '{value} is outside -90 to 90; expected a latitude in decimal degrees',
  'data.cell.longitudeOutside': '{value} is outside -180 to 180; expected a longitude in decimal degrees',
  'data.cell.notPeople': '{value} is not a number of people; left out',
  'data.cell.startOnly': '{why}; only the start date is used',
  'data.cell.endBeforeStart': '{end} is before the start {start}; only the start date is used',
  'data.cell.endBeforeStartDate': '{end} is before the start date; only the start date is used',
  'data.cell.notDay': '{value} is not a day',
  'data.cell.acledTime': '{value} is not an ACLED time precision (1, 2 or 3); the day is used',
  'data.cell.acledGeo': '{value} is not an ACLED geo precision (1, 2 or 3); treated as town',
  'data.cell.ucdpWhere': '{value} is not a UCDP location precision code (1 to 7); treated as exact',
  'data.cell.notWhole': '{value} is not a whole number; ignored',
  'data.cell.notJsonSources': 'is not a JSON list of sources; ignored',
  'data.cell.notJsonClaims': 'is not a JSON list of claims; ignored',
  'data.translations.notObject':
    'is {value}; expected an object by language tag, each with its {field} and the rest; ignored',
  'data.translations.tooMany': 'names {count} languages; only the first {max} are read',
  'data.translations.badTag': '{value} is not a BCP 47 language tag (such as "ur" or "fa-AF"); left out',
  'data.translations.twice': 'is given twice (as {value}); the first is kept',
  'data.translations.notFields': 'is {value}; expected an object with {fields}; left out',
  'data.translations.unknownField': 'is not a field translated here ({fields}); ignored',
  'data.translations.notText': 'is {value}, not text; left out',
  'data.translations.tooLong': 'is {length} characters long, more than the {max} shown; left out',
  'data.cell.notJsonTranslations': 'is not JSON of translations; ignored',

  'data.column.date': 'date',
  'data.column.latitude': 'latitude',
  'data.column.longitude': 'longitude',
  'data.column.notChosen': 'no column was chosen for the {missing}; a table needs date, latitude and longitude columns',
  'data.country.outside':
    "{point} is more than {km} km outside {country}, the row's country; check the coordinates and the country",
  'data.country.swapped':
    "{point} is more than {km} km outside {country}, the row's country, but inside it read the other way round: latitude and longitude look swapped; swap the two cells",

  'data.structure.notChecked': 'could not be checked ({why})',
  'data.structure.at': 'at {quote}',
  'data.structure.found': 'found {value}',
  'data.structure.typedObject': 'a {type} object',
  'data.structure.issueAt': '{issue} ({at})',
  'data.structure.issueMore': '{issue}, and {more} more like it',
  'data.structure.invalid': 'is not valid GeoJSON: {issue}',
  'data.structure.ignored': 'breaks a GeoJSON rule, ignored: {issue}',
  'data.structure.ignoredPosition': 'breaks a GeoJSON rule, ignored: {issue}; only longitude and latitude are used',

  'data.file.empty': 'is empty; expected a GeoJSON FeatureCollection',
  'data.file.expected': 'expected a GeoJSON FeatureCollection of incidents (Features with a date)',
  'data.file.notObject': 'holds {value}, not a GeoJSON object; {expected}',
  'data.file.noFeatures': 'is missing; a FeatureCollection needs a "features" list',
  'data.file.featuresWrong': 'is {value}; expected a list of Features',
  'data.file.featuresTwice':
    'is given {count} times, and JSON keeps only the last; a file this large is read once, so which is meant cannot be told: keep one "features" list',
  'data.file.bundleManifest':
    "is the manifest of an Incident Atlas bundle, which opens from a link, not from a file on this computer: its Parquet files are fetched over HTTP, from beside the manifest, a few days at a time. Put the bundle's folder on a web server (one that answers HTTP Range requests) and open the app with ?data= and the manifest's address (see docs/scale-out.md)",
  'data.file.noType': 'is missing: this JSON object is not GeoJSON; {expected}',
  'data.file.typeNotName': 'is {value}, not a GeoJSON type name; {expected}',
  'data.file.bareGeometry':
    'is {value}: the file is a bare geometry, with no properties and so no date or title; {expected}',
  'data.file.typeCase': '{value} is not a GeoJSON type (type names are case-sensitive; {proper} is); {expected}',
  'data.file.notType': '{value} is not a GeoJSON type; {expected}',
  'data.file.notCollection': 'the file is not a GeoJSON FeatureCollection',
  'data.file.featuresNotList': 'is not an array',
  'data.json.invalid': 'is not valid JSON: {reason}',
  'data.json.cutShort':
    'is not valid JSON: it ends at line {line}, column {column} before the JSON is complete (is the file cut short?)',
  'data.json.invalidAt': 'is not valid JSON: {reason} at line {line}, column {column} (near {near})',
  'data.sniff.png': 'an image (PNG)',
  'data.sniff.jpeg': 'an image (JPEG)',
  'data.sniff.gif': 'an image (GIF)',
  'data.sniff.webp': 'an image (WebP)',
  'data.sniff.pdf': 'a PDF document',
  'data.sniff.zip': 'a ZIP archive (perhaps an Excel workbook or a zipped shapefile)',
  'data.sniff.gzip': 'a compressed (gzip) file',
  'data.sniff.oldOffice': 'an old Excel or Word file',
  'data.sniff.sqlite': 'a database (SQLite or GeoPackage)',
  'data.sniff.empty': '{name} is empty: there is nothing to open.',
  'data.sniff.looksLike': '{name} looks like {what}, not a GeoJSON or CSV file.',
  'data.sniff.html':
    '{name} looks like a web page (HTML), not a GeoJSON or CSV file; perhaps the link leads to a page about the data rather than the data itself.',
  'data.sniff.xml':
    '{name} looks like XML (such as KML or GPX), not a GeoJSON or CSV file; convert it to GeoJSON first.',
  'data.sniff.binary': '{name} looks like a binary file, not a GeoJSON or CSV file.',
  'data.sniff.notJson': '{name} is not JSON: it should start with {brace} but starts with {start}.',
  'data.sniff.notTable':
    '{name} is not a GeoJSON or CSV file: it is not JSON, and its first line has no commas or tabs to separate columns.',

  'data.load.nothingCame': 'nothing came for {seconds} seconds',
  'data.load.stalled':
    '{name} stopped arriving: {why} after {loaded} had come. Check the link and the connection, then open it again.',
  'data.load.noAnswer': 'the server did not answer: {why}',
  'data.load.fetchError': '{why}; the server may be down, or may not let other sites read the file (CORS)',
  'data.load.notFetched': '{name} could not be fetched ({why}).',
  'data.load.status': '{name} could not be fetched: the server answered {status}.',
  'data.load.readerError': 'The file could not be read ({why}).',
  'data.load.readerStopped': 'its reader stopped',
  'data.load.readerSentBad': 'The file could not be read: its reader sent the page something it could not take.',
  'data.load.columnsNotChosen': 'Opening was cancelled: the date, latitude and longitude columns were not chosen.',
  'data.table.notToEnd': 'The table could not be parsed to its end.',
  'data.table.notParsed': 'The table could not be parsed: {why}',
  'data.load.memory':
    '{name} would need about {need} of memory to open: more than this browser tab can use (about {budget}). Open a filtered part of it, or turn it into a bundle with `npm run pack` that opens a few days at a time (see docs/scale-out.md).',
  'data.load.memoryRows':
    '{name} holds about {rows} incidents, which would need about {need} of memory to open: more than this browser tab can use (about {budget}). Open a filtered part of it, or turn it into a bundle with `npm run pack` that opens a few days at a time (see docs/scale-out.md).',
  'data.load.textsNotLocated':
    'The summaries and sources could not be located in the file ({records} records for {rows} rows); they are not shown.',
  'data.load.serverAnswered': 'the server answered {status}',
  'data.load.places': 'The places file could not be read: {why}.',
  'data.parquet.emptyGeometry': 'is empty; expected a Point (longitude, latitude)',
  'data.parquet.notPoint': 'is {what}; expected a Point (an incident is placed at one point)',
  'data.parquet.notWkb': 'not WKB',
  'data.parquet.notGeometry': 'not a geometry',
  'data.parquet.emptyPoint': 'an empty Point',
  'data.parquet.multiPoint': 'a MultiPoint of {count} points',
  'data.parquet.wkbType': 'a geometry of WKB type {type}',
  'data.parquet.typed': 'a {type}',
  'data.parquet.downloadedWhole':
    'was downloaded whole ({kb} KB): its server ignores HTTP Range requests, by which only the columns read would have been',
  'data.parquet.notParquet':
    '{name} is not a Parquet file: a Parquet file ends with the letters PAR1, and this one does not (it may be cut short, or be another kind of file).',
  'data.parquet.unreadable': '{name} could not be read as Parquet ({why}).',
  'data.parquet.crs':
    '{name} has its points in the CRS {crs}; only longitude and latitude (OGC:CRS84 or EPSG:4326) are read. Reproject it first (GeoPandas: to_crs(4326); DuckDB: ST_Transform).',
  'data.parquet.encoding': '{name} stores its geometry as {encoding}; only WKB and GeoArrow points are read.',
  'data.parquet.codec':
    "{name} is compressed with {codec}, which this app does not read yet; save it with Snappy compression (DuckDB: COPY ... TO 'file.parquet' (COMPRESSION snappy); pandas and GeoPandas: to_parquet(compression='snappy')) and open it again.",
  'data.parquet.changed':
    '{name} has changed on its server since it was opened; open it again to read the new version.',
  'data.parquet.redirect':
    '{name} could not be fetched (the server sends it on to another address, which the page does not follow without asking; open that address instead).',
  'data.parquet.stopped': '{name} stopped arriving: {why}.',
  'data.table.tooManyColumns':
    '{name} has {count} columns, more than the {max} a table may have; keep the columns you need (date, latitude, longitude, title...) and open it again.',
  'data.bundle.manifest': 'Bundle manifest: {field} {problem}',
  'data.bundle.notFetched': "The bundle's manifest could not be fetched: {why}.",
  'data.bundle.status': "The bundle's manifest could not be fetched ({status}).",
  'data.bundle.unreadable': "The bundle's manifest could not be read: {why}.",
  'data.bundle.notJson': "The bundle's manifest is not JSON.",
  'data.bundle.compression':
    "This bundle's files are compressed with {codec}, which this page cannot decompress: pack it again with --compression snappy (the default).",
  'data.bundle.readerStopped': "The bundle's reader stopped ({why}).",
  'data.bundle.anError': 'an error',
  'data.bundle.readerSentBad': "The bundle's reader sent something the page could not take.",
  'data.bundle.timeout': 'The bundle did not answer in time.',
  'data.bundle.readerError': 'The bundle could not be read ({why}).',
} as const satisfies Record<string, string>;

export type DataKey = keyof typeof DATA_MESSAGES;
