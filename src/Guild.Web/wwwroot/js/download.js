// Saves text the page built (a grid's CSV export) as a file: the browser's own download, no round trip to the server.
window.guildDownload = (fileName, contentType, text) => {
  const url = URL.createObjectURL(new Blob([text], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
