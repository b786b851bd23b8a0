-- Message templates the composer offers (issue 17 "Templates in the party's language"): a name
-- and a body in each of the console's four languages, with the placeholders {order_id},
-- {amount}, {fiat} and {deadline} filled from the case when a mediator picks one. Operators
-- edit them on Settings -> Templates. The console's former built-in templates are seeded, in
-- every language, with created_at 0 (shipped, not written by anyone). An empty name or body
-- means that language has none yet (the composer then falls back to another language).
CREATE TABLE message_templates (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name_en TEXT NOT NULL DEFAULT '',
	name_es TEXT NOT NULL DEFAULT '',
	name_pt TEXT NOT NULL DEFAULT '',
	name_it TEXT NOT NULL DEFAULT '',
	body_en TEXT NOT NULL DEFAULT '',
	body_es TEXT NOT NULL DEFAULT '',
	body_pt TEXT NOT NULL DEFAULT '',
	body_it TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

INSERT INTO message_templates (name_en, name_es, name_pt, name_it, body_en, body_es, body_pt, body_it, created_at, updated_at) VALUES
	('Introduce yourself', 'Presentarse', 'Apresentar-se', 'Presentati', 'Hello, I am the mediator assigned to the dispute on order {order_id}. I will read both sides before deciding. Please answer here.', 'Hola, soy el mediador asignado a la disputa de la orden {order_id}. Leeré a ambas partes antes de decidir. Por favor, responda aquí.', 'Olá, sou o mediador designado para a disputa da ordem {order_id}. Vou ouvir os dois lados antes de decidir. Por favor, responda por aqui.', 'Salve, sono il mediatore assegnato alla disputa dell’ordine {order_id}. Ascolterò entrambe le parti prima di decidere. Per favore rispondi qui.', 0, 0),
	('Ask for proof of payment', 'Pedir comprobante de pago', 'Pedir comprovante de pagamento', 'Chiedi una prova di pagamento', 'Please send proof of the fiat payment of {fiat} (a screenshot or receipt showing amount, date and reference).', 'Por favor, envíe un comprobante del pago en fiat de {fiat} (captura o recibo con monto, fecha y referencia).', 'Por favor, envie um comprovante do pagamento em fiat de {fiat} (uma captura de tela ou recibo que mostre o valor, a data e a referência).', 'Per favore invia una prova del pagamento in fiat di {fiat} (uno screenshot o una ricevuta con importo, data e riferimento).', 0, 0),
	('Ask for the chat key', 'Pedir la clave del chat', 'Pedir a chave do chat', 'Chiedi la chiave della chat', 'To read your conversation with the other party, please share the chat key (shared key) of this trade. It only lets me read that conversation.', 'Para leer su conversación con la otra parte, comparta la clave del chat (clave compartida) de este intercambio. Solo me permite leer esa conversación.', 'Para ler a sua conversa com a outra parte, por favor compartilhe a chave do chat (chave compartilhada) desta negociação. Ela só me permite ler essa conversa.', 'Per leggere la tua conversazione con l’altra parte, per favore condividi la chiave della chat (chiave condivisa) di questo scambio. Mi permette solo di leggere quella conversazione.', 0, 0),
	('Ask for a bank statement', 'Pedir un extracto bancario', 'Pedir um extrato bancário', 'Chiedi un estratto conto', 'Please send a bank statement that shows the payment of {fiat} arriving or not arriving, with the date and amount visible.', 'Por favor, envíe un extracto bancario que muestre si llegó o no el pago de {fiat}, con la fecha y el monto visibles.', 'Por favor, envie um extrato bancário que mostre se o pagamento de {fiat} chegou ou não, com a data e o valor visíveis.', 'Per favore invia un estratto conto che mostri se il pagamento di {fiat} è arrivato o no, con data e importo visibili.', 0, 0),
	('Answer before the deadline', 'Responder antes del plazo', 'Responder antes do prazo', 'Rispondi entro la scadenza', 'The escrow of {amount} for order {order_id} runs out around {deadline}. Please answer before then so I can decide with both sides heard.', 'El depósito de {amount} de la orden {order_id} vence hacia {deadline}. Por favor, responda antes para que pueda decidir habiendo escuchado a ambas partes.', 'O depósito de {amount} da ordem {order_id} vence por volta de {deadline}. Por favor, responda antes disso para que eu possa decidir ouvindo os dois lados.', 'Il deposito di {amount} per l’ordine {order_id} scade verso {deadline}. Per favore rispondi prima, così posso decidere dopo aver sentito entrambe le parti.', 0, 0),
	('Closing notice', 'Aviso de cierre', 'Aviso de encerramento', 'Avviso di chiusura', 'Thank you both. I have enough information and will now close this dispute. You will see the result in your app.', 'Gracias a ambos. Tengo información suficiente y cerraré ahora esta disputa. Verán el resultado en su aplicación.', 'Obrigado a ambos. Já tenho informações suficientes e vou encerrar esta disputa agora. Vocês verão o resultado no seu app.', 'Grazie a entrambi. Ho abbastanza informazioni e ora chiuderò questa disputa. Vedrete l’esito nella vostra app.', 0, 0);
