// The command line's own messages (help, usage errors, results) in the console's four languages,
// with `{name}` placeholders like the UI's dictionaries. English is the reference: every other
// language has exactly its keys (the types enforce it; bin/i18n-missing.ts lists any gap).
// The audit, backup, restore and evidence report messages live in cli-tool-messages.ts.
// Data and lookup only; must never print.
import type { Locale } from '../src/lib/i18n/locales.ts';
import { TOOL_EN, TOOL_ES, TOOL_IT, TOOL_PT, type ToolMessageKey } from './cli-tool-messages.ts';

const base = {
	help: `Usage: mostro-mediator [--lang <en|es|pt|it>] <command> [options]

Commands:
  user add --name <name> --role <operator|mediator|auditor>
      Create a console user and print a one-time password (changed at first sign-in).
  audit key
      Print the console's audit public key (hex, one line). Keep it somewhere else: it pins
      which key may sign audit checkpoints.
  audit export [--from <time>] [--to <time>]
      Write the hash-chained audit log as JSON lines (redirect to a file).
  audit verify [<file.jsonl>] [--pubkey <hex>] [--witness relays|<file>]
      Check an exported file, or the live database: exit 0 only if no entry was edited,
      dropped, reordered or appended out of chain, every checkpoint is signed by the pinned
      key (--pubkey or MEDIATOR_AUDIT_PUBKEY) and no older entry is left unsigned; otherwise
      name the first problem. Without a pinned key it trusts the key found in the file.
      --witness checks the log against the checkpoints appended to MEDIATOR_AUDIT_WITNESS_FILE:
      it fails if any disagrees or if the log is shorter than the newest. --witness relays
      fetches the checkpoints the console published to the configured relays (kind 3383, by
      the pinned key or else the database's audit key) and checks them the same way.
  backup [--sealed] <file>
      Write a consistent copy of the database (mode 600) while the console runs. A plain copy
      holds chat text, evidence and password hashes in clear; --sealed encrypts it all with
      the master key. The master key is never in it: back it up separately.
  restore <sealed backup> <new database file>
      Decrypt a sealed backup with the master key into a new database file (mode 600).
  evidence verify <bundle.json> [--key <hex>]
      Check an evidence bundle offline: the manifest signature, every event signature and each
      recorded verdict (re-derived by decrypting when the chat key is given or included).
      Exit code 0 only if everything verifies.
  sandbox [options]
      Run the Mostro sandbox alone (relay, node double, LND double, blob server, simulated
      traders) for tests and benchmarks; \`sandbox --help\` lists its options and control endpoint.
  help
      Show this help.

The language of these messages comes from --lang, or LC_ALL / LC_MESSAGES / LANG (e.g. it_IT.UTF-8).
The data directory comes from MEDIATOR_DATA_DIR (default ./data) or mediator.config.json.
Start the console itself with: npm start (with no Mostro node configured it starts the
sandbox too; MEDIATOR_SANDBOX=off turns that off).`,
	'user_add.usage': 'user add needs --name <name> and --role <operator|mediator|auditor>',
	'user_add.created': 'Created {role} "{name}".',
	'user_add.password': 'One-time password (must be changed at first sign-in): {password}',
	'evidence.usage': 'evidence verify needs one bundle file: evidence verify <bundle.json> [--key <hex>]',
	'evidence.unreadable': 'cannot read {file} as JSON ({reason})',
	unknown_command: 'Unknown command: {command}',
	error: 'error: {message}'
} as const;

type BaseMessageKey = keyof typeof base;
const en: Record<BaseMessageKey | ToolMessageKey, string> = { ...base, ...TOOL_EN };

export type CliMessageKey = BaseMessageKey | ToolMessageKey;

const es: Record<CliMessageKey, string> = {
	...TOOL_ES,
	help: `Uso: mostro-mediator [--lang <en|es|pt|it>] <comando> [opciones]

Comandos:
  user add --name <nombre> --role <operator|mediator|auditor>
      Crea un usuario de la consola e imprime una contraseña de un solo uso (se cambia en el primer inicio de sesión).
  audit key
      Imprime la clave pública de auditoría de la consola (hex, una línea). Guárdela en otro lugar: fija
      qué clave puede firmar los puntos de control de auditoría.
  audit export [--from <momento>] [--to <momento>]
      Escribe el registro de auditoría encadenado por hash como líneas JSON (redirija a un archivo).
  audit verify [<archivo.jsonl>] [--pubkey <hex>] [--witness relays|<archivo>]
      Comprueba un archivo exportado, o la base de datos en uso: sale con 0 solo si ninguna entrada fue
      editada, eliminada, reordenada o añadida fuera de la cadena, cada punto de control está firmado por
      la clave fijada (--pubkey o MEDIATOR_AUDIT_PUBKEY) y ninguna entrada antigua queda sin firmar; si no,
      nombra el primer problema. Sin clave fijada confía en la clave que encuentra en el archivo.
      --witness compara el registro con los puntos de control añadidos a MEDIATOR_AUDIT_WITNESS_FILE:
      falla si alguno discrepa o si el registro es más corto que el más reciente. --witness relays
      obtiene los puntos de control que la consola publicó en los relays configurados (kind 3383, de la
      clave fijada o, si no, de la clave de auditoría de la base de datos) y los comprueba igual.
  backup [--sealed] <archivo>
      Escribe una copia coherente de la base de datos (modo 600) mientras la consola funciona. Una copia
      simple contiene en claro el texto de los chats, las evidencias y los hashes de contraseñas; --sealed
      lo cifra todo con la clave maestra. La clave maestra nunca va en ella: respáldela aparte.
  restore <copia sellada> <nuevo archivo de base de datos>
      Descifra una copia sellada con la clave maestra en un nuevo archivo de base de datos (modo 600).
  evidence verify <paquete.json> [--key <hex>]
      Comprueba un paquete de evidencias sin conexión: la firma del manifiesto, la firma de cada evento y
      cada veredicto registrado (recalculado descifrando cuando se da o se incluye la clave del chat).
      Sale con 0 solo si todo se verifica.
  sandbox [opciones]
      Ejecuta solo el entorno de prueba de Mostro (relay, doble del nodo, doble de LND, servidor de blobs,
      traders simulados) para pruebas y benchmarks; \`sandbox --help\` lista sus opciones y el endpoint de control.
  help
      Muestra esta ayuda.

El idioma de los mensajes sale de --lang, o de LC_ALL / LC_MESSAGES / LANG (p. ej. es_AR.UTF-8).
El directorio de datos sale de MEDIATOR_DATA_DIR (por defecto ./data) o de mediator.config.json.
Inicie la consola con: npm start (sin nodo Mostro configurado también inicia el entorno de
prueba; MEDIATOR_SANDBOX=off lo desactiva).`,
	'user_add.usage': 'user add necesita --name <nombre> y --role <operator|mediator|auditor>',
	'user_add.created': 'Se creó el usuario "{name}" ({role}).',
	'user_add.password': 'Contraseña de un solo uso (debe cambiarse en el primer inicio de sesión): {password}',
	'evidence.usage': 'evidence verify necesita un archivo de paquete: evidence verify <paquete.json> [--key <hex>]',
	'evidence.unreadable': 'no se puede leer {file} como JSON ({reason})',
	unknown_command: 'Comando desconocido: {command}',
	error: 'error: {message}'
};

const pt: Record<CliMessageKey, string> = {
	...TOOL_PT,
	help: `Uso: mostro-mediator [--lang <en|es|pt|it>] <comando> [opções]

Comandos:
  user add --name <nome> --role <operator|mediator|auditor>
      Cria um usuário do console e imprime uma senha de uso único (trocada no primeiro login).
  audit key
      Imprime a chave pública de auditoria do console (hex, uma linha). Guarde-a em outro lugar: ela fixa
      qual chave pode assinar os checkpoints de auditoria.
  audit export [--from <momento>] [--to <momento>]
      Escreve o log de auditoria encadeado por hash como linhas JSON (redirecione para um arquivo).
  audit verify [<arquivo.jsonl>] [--pubkey <hex>] [--witness relays|<arquivo>]
      Confere um arquivo exportado, ou o banco de dados em uso: sai com 0 só se nenhuma entrada foi
      editada, removida, reordenada ou acrescentada fora da cadeia, cada checkpoint está assinado pela
      chave fixada (--pubkey ou MEDIATOR_AUDIT_PUBKEY) e nenhuma entrada antiga ficou sem assinatura; caso
      contrário, aponta o primeiro problema. Sem chave fixada, confia na chave encontrada no arquivo.
      --witness confere o log com os checkpoints acrescentados a MEDIATOR_AUDIT_WITNESS_FILE:
      falha se algum discordar ou se o log for mais curto que o mais recente. --witness relays
      busca os checkpoints que o console publicou nos relays configurados (kind 3383, da chave fixada
      ou, se não houver, da chave de auditoria do banco) e os confere da mesma forma.
  backup [--sealed] <arquivo>
      Escreve uma cópia consistente do banco de dados (modo 600) com o console rodando. Uma cópia simples
      contém em claro o texto dos chats, as evidências e os hashes de senha; --sealed criptografa tudo com
      a chave mestra. A chave mestra nunca vai nela: faça o backup dela separadamente.
  restore <backup selado> <novo arquivo de banco de dados>
      Descriptografa um backup selado com a chave mestra em um novo arquivo de banco de dados (modo 600).
  evidence verify <pacote.json> [--key <hex>]
      Confere um pacote de evidências offline: a assinatura do manifesto, a assinatura de cada evento e
      cada veredito registrado (recalculado descriptografando quando a chave do chat é dada ou incluída).
      Sai com 0 só se tudo for verificado.
  sandbox [opções]
      Roda sozinho o ambiente de testes do Mostro (relay, dublê do nó, dublê do LND, servidor de blobs,
      traders simulados) para testes e benchmarks; \`sandbox --help\` lista as opções e o endpoint de controle.
  help
      Mostra esta ajuda.

O idioma das mensagens vem de --lang, ou de LC_ALL / LC_MESSAGES / LANG (por ex. pt_BR.UTF-8).
O diretório de dados vem de MEDIATOR_DATA_DIR (padrão ./data) ou de mediator.config.json.
Inicie o console com: npm start (sem nó Mostro configurado, ele também inicia o ambiente de
testes; MEDIATOR_SANDBOX=off desativa isso).`,
	'user_add.usage': 'user add precisa de --name <nome> e --role <operator|mediator|auditor>',
	'user_add.created': 'Usuário "{name}" criado ({role}).',
	'user_add.password': 'Senha de uso único (precisa ser trocada no primeiro login): {password}',
	'evidence.usage': 'evidence verify precisa de um arquivo de pacote: evidence verify <pacote.json> [--key <hex>]',
	'evidence.unreadable': 'não foi possível ler {file} como JSON ({reason})',
	unknown_command: 'Comando desconhecido: {command}',
	error: 'erro: {message}'
};

const it: Record<CliMessageKey, string> = {
	...TOOL_IT,
	help: `Uso: mostro-mediator [--lang <en|es|pt|it>] <comando> [opzioni]

Comandi:
  user add --name <nome> --role <operator|mediator|auditor>
      Crea un utente della console e stampa una password monouso (da cambiare al primo accesso).
  audit key
      Stampa la chiave pubblica di audit della console (hex, una riga). Conservala altrove: stabilisce
      quale chiave può firmare i checkpoint di audit.
  audit export [--from <momento>] [--to <momento>]
      Scrive il log di audit concatenato tramite hash come righe JSON (reindirizza su un file).
  audit verify [<file.jsonl>] [--pubkey <hex>] [--witness relays|<file>]
      Controlla un file esportato, o il database in uso: esce con 0 solo se nessuna voce è stata
      modificata, eliminata, riordinata o aggiunta fuori catena, ogni checkpoint è firmato dalla chiave
      fissata (--pubkey o MEDIATOR_AUDIT_PUBKEY) e nessuna voce più vecchia è rimasta senza firma;
      altrimenti indica il primo problema. Senza chiave fissata si fida della chiave trovata nel file.
      --witness confronta il log con i checkpoint aggiunti a MEDIATOR_AUDIT_WITNESS_FILE:
      fallisce se uno non coincide o se il log è più corto del più recente. --witness relays
      recupera i checkpoint che la console ha pubblicato sui relay configurati (kind 3383, della chiave
      fissata o altrimenti della chiave di audit del database) e li controlla allo stesso modo.
  backup [--sealed] <file>
      Scrive una copia coerente del database (modo 600) mentre la console è in funzione. Una copia semplice
      contiene in chiaro il testo delle chat, le prove e gli hash delle password; --sealed cifra tutto con
      la chiave principale. La chiave principale non c’è mai: fanne il backup a parte.
  restore <backup sigillato> <nuovo file di database>
      Decifra un backup sigillato con la chiave principale in un nuovo file di database (modo 600).
  evidence verify <pacchetto.json> [--key <hex>]
      Controlla offline un pacchetto di prove: la firma del manifesto, la firma di ogni evento e ogni
      verdetto registrato (ricalcolato decifrando quando la chiave della chat è data o inclusa).
      Esce con 0 solo se tutto è verificato.
  sandbox [opzioni]
      Esegue da solo l’ambiente di prova di Mostro (relay, doppione del nodo, doppione di LND, server dei
      blob, trader simulati) per test e benchmark; \`sandbox --help\` elenca le opzioni e l’endpoint di controllo.
  help
      Mostra questo aiuto.

La lingua dei messaggi viene da --lang, o da LC_ALL / LC_MESSAGES / LANG (per es. it_IT.UTF-8).
La cartella dei dati viene da MEDIATOR_DATA_DIR (predefinita ./data) o da mediator.config.json.
Avvia la console con: npm start (senza un nodo Mostro configurato avvia anche l’ambiente di
prova; MEDIATOR_SANDBOX=off lo disattiva).`,
	'user_add.usage': 'user add richiede --name <nome> e --role <operator|mediator|auditor>',
	'user_add.created': 'Utente "{name}" creato ({role}).',
	'user_add.password': 'Password monouso (da cambiare al primo accesso): {password}',
	'evidence.usage': 'evidence verify richiede un file di pacchetto: evidence verify <pacchetto.json> [--key <hex>]',
	'evidence.unreadable': 'impossibile leggere {file} come JSON ({reason})',
	unknown_command: 'Comando sconosciuto: {command}',
	error: 'errore: {message}'
};

export const CLI_MESSAGES: Readonly<Record<Locale, Readonly<Record<CliMessageKey, string>>>> = { en, es, pt, it };

export function cliText(locale: Locale, key: CliMessageKey, params: Record<string, string | number> = {}): string {
	const template = CLI_MESSAGES[locale][key] ?? en[key];
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
