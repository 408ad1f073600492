// The lvs4j status page: fetches status.json every 2 s and renders one row per service and per
// real server, with a small chart of the server's packet and connection rates.
"use strict";

const HISTORY = 60;                  // samples the director keeps per server (2 min at 2 s)

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

function since(ms) {
  if (ms === null || ms === undefined) return "";
  return new Date(ms).toLocaleTimeString();
}

function reason(server) {
  if (!server.checks) return "";
  const failing = server.checks.filter(c => !c.up);
  return (failing.length ? failing : server.checks).map(c => c.reason).join("; ");
}

function chart(server) {
  const points = server.history || [];   // [[cps, pps, bps], ...], oldest first
  const canvas = document.createElement("canvas");
  canvas.width = 120;
  canvas.height = 24;
  const g = canvas.getContext("2d");
  g.fillStyle = "#f7f7f7";
  g.fillRect(0, 0, canvas.width, canvas.height);
  for (const [field, colour] of [[1, "#1f6fd0"], [0, "#d07a1f"]]) {
    const max = Math.max(1, ...points.map(p => p[field]));
    g.strokeStyle = colour;
    g.beginPath();
    points.forEach((p, i) => {
      const x = canvas.width - 1 - (points.length - 1 - i) * ((canvas.width - 1) / (HISTORY - 1));
      const y = canvas.height - 1 - (p[field] / max) * (canvas.height - 2);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  }
  return canvas;
}

function render(status) {
  const body = document.querySelector("#services tbody");
  const rows = [];
  for (const svc of status.services) {
    const name = svc.proto + " " + svc.address + ":" + svc.port;
    const row = document.createElement("tr");
    row.className = "service";
    row.dataset.service = name;
    cell(row, name + (svc.inTable ? "" : " (not in the table)"), "text");
    cell(row, svc.scheduler, "text");
    for (let i = 0; i < 6; i++) cell(row, "");
    cell(row, svc.conns === undefined ? "" : svc.conns);
    cell(row, svc.cps === undefined ? "" : svc.cps);
    cell(row, svc.pps === undefined ? "" : svc.pps);
    cell(row, svc.bps === undefined ? "" : svc.bps);
    cell(row, "");
    rows.push(row);
    for (const rs of svc.servers) {
      const key = name + " -> " + rs.address + ":" + rs.port;
      const tr = document.createElement("tr");
      tr.className = "server " + rs.health + (rs.inTable ? "" : " out");
      tr.dataset.server = key;
      tr.dataset.state = rs.health;
      cell(tr, "\u2192 " + rs.address + ":" + rs.port, "text");
      cell(tr, rs.method, "text");
      cell(tr, rs.weight);
      cell(tr, rs.health + (rs.inTable ? "" : " (out of the table)"), "text state");
      cell(tr, since(rs.since), "text");
      const why = cell(tr, reason(rs), "reason");
      why.title = why.textContent;
      cell(tr, rs.active);
      cell(tr, rs.inactive);
      cell(tr, rs.conns === undefined ? "" : rs.conns);
      cell(tr, rs.cps === undefined ? "" : rs.cps);
      cell(tr, rs.pps === undefined ? "" : rs.pps);
      cell(tr, rs.bps === undefined ? "" : rs.bps);
      cell(tr, "", "text").appendChild(chart(rs));
      rows.push(tr);
    }
  }
  body.replaceChildren(...rows);
  const c = status.connections;
  const d = status.datapath;
  document.getElementById("summary").textContent =
      "updated " + new Date(status.time).toLocaleTimeString()
      + " · connections " + c.size + " of " + c.capacity + (c.underPressure ? " (under pressure)" : "")
      + (d.frames !== undefined ? " · frames " + d.frames : "")
      + (d["kernel drops"] > 0 ? " · kernel drops " + d["kernel drops"] : "")
      + " · sync " + status.sync.role;
}

async function refresh() {
  try {
    const response = await fetch("status.json", {cache: "no-store"});
    if (!response.ok) throw new Error(response.status + " " + (await response.text()));
    render(await response.json());
    document.getElementById("error").textContent = "";
  } catch (e) {
    document.getElementById("error").textContent = "cannot read status.json: " + e.message;
  }
}

refresh();
setInterval(refresh, 2000);
